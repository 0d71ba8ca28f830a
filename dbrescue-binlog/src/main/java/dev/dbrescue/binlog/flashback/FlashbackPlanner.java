package dev.dbrescue.binlog.flashback;

import dev.dbrescue.binlog.event.TableMap;
import dev.dbrescue.binlog.rows.RowKind;
import dev.dbrescue.binlog.rows.RowsEvent;
import dev.dbrescue.binlog.summary.RecoveryPlan;
import dev.dbrescue.binlog.tx.StatementKind;
import dev.dbrescue.binlog.tx.TableChange;
import dev.dbrescue.binlog.tx.Transaction;
import dev.dbrescue.binlog.tx.TransactionListener;
import dev.dbrescue.binlog.tx.TransactionScanner;
import dev.dbrescue.binlog.value.LiveSchemas;
import dev.dbrescue.binlog.value.OptionalMetadata;
import dev.dbrescue.binlog.value.TableSchema;
import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The first pass of flashback: reads the files once in order, keeps an index of the selected rows events (where they
 * are, not what they hold) and refuses, before anything is written, what cannot be reversed in the range: DDL,
 * statement-format DML, UPDATE or DELETE images without every column, tables whose column names are unknown.
 */
public final class FlashbackPlanner implements TransactionListener {

    private final List<Path> files;
    private final FlashbackFilter filter;
    private final boolean forward;
    private final LiveSchemas live;
    private final List<SelectedTransaction> selected = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> fileNames = new ArrayList<>();
    private final Map<String, TableRef> tables = new HashMap<>();
    private final List<Pending> pending = new ArrayList<>();
    private boolean pendingMinimal;
    private int fileIndex = -1;
    private boolean mariaDb;
    private boolean anyThreadId;

    private FlashbackPlanner(List<Path> files, FlashbackFilter filter, boolean forward, LiveSchemas live) {
        this.files = files;
        this.filter = filter;
        this.forward = forward;
        this.live = live;
    }

    /**
     * @param live where to read column names when the log has none, and which columns are generated; null for none
     */
    public static FlashbackPlan plan(List<Path> files, FlashbackFilter filter, boolean forward, LiveSchemas live) {
        FlashbackPlanner planner = new FlashbackPlanner(files, filter, forward, live);
        new TransactionScanner(planner).scan(files);
        return planner.result();
    }

    @Override
    public void file(String name, String serverVersion) {
        fileIndex++;
        fileNames.add(name);
        mariaDb = serverVersion.contains("MariaDB");
    }

    @Override
    public void warning(String file, long position, String message) {
        warnings.add(file + " at position " + position + ": " + message);
    }

    @Override
    public void rowsEvent(String file, long offset, long length, RowsEvent event, TableMap map) {
        if (!filter.selectsTable(map.database(), map.table()) || !filter.selectsKind(event.kind())) {
            return;
        }
        if (!event.fullImage() && event.kind() != RowKind.INSERT) {
            pendingMinimal = true;
        }
        pending.add(new Pending(file, fileIndex, offset, (int) length, map, event.kind()));
    }

    /** A rows event of the open transaction; its table's schema is looked up only if the transaction is selected. */
    private record Pending(String fileName, int file, long offset, int length, TableMap map, RowKind kind) {
    }

    @Override
    public void transaction(Transaction tx) {
        anyThreadId |= tx.threadId() != null;
        List<Pending> found = List.copyOf(pending);
        boolean minimal = pendingMinimal;
        pending.clear();
        pendingMinimal = false;
        if (!filter.selects(tx, fileIndex == 0, fileIndex == files.size() - 1)) {
            return;
        }
        for (TableChange change : tx.changes()) {
            if (change.kind().reversible()) {
                continue;
            }
            String where = tx.file() + " at position " + tx.start();
            if (!filter.mayConcern(change.table(), change.statement())) {
                warnings.add(where + ": left out " + describe(change) + ", which the filters exclude");
                continue;
            }
            throw new DbRescueException(ErrorCode.BAD_INPUT, where + ": the range holds " + describe(change)
                    + (change.kind() == StatementKind.DDL
                    ? ", a schema change flashback cannot undo; stop the range before it (--stop-position "
                    + tx.start() + ") or start after it (--start-position " + tx.end() + ")"
                    : ", logged as a statement (binlog_format=STATEMENT or MIXED), so its rows are not in the log and"
                    + " cannot be reversed; stop the range before it or start after it"));
        }
        if (minimal && !forward) {
            throw new DbRescueException(ErrorCode.BAD_INPUT, tx.file() + " at position " + tx.start() + ": UPDATE or"
                    + " DELETE logged without every column (binlog_row_image=MINIMAL or NOBLOB): the old values are"
                    + " not in the log, so these changes cannot be reversed; restore a backup and replay instead");
        }
        if (found.isEmpty()) {
            return;
        }
        List<EventRef> events = new ArrayList<>(found.size());
        for (Pending p : found) {
            events.add(new EventRef(p.file(), p.offset(), p.length(), table(p.fileName(), p.offset(), p.map()),
                    p.kind()));
        }
        long rows = 0;
        for (TableChange change : tx.changes()) {
            if (change.kind().reversible() && selectsQualified(change.table())
                    && filter.selectsKind(RowKind.valueOf(change.kind().name()))) {
                rows += change.rows();
            }
        }
        selected.add(new SelectedTransaction(tx, List.copyOf(events), rows));
    }

    private boolean selectsQualified(String qualified) {
        for (TableRef ref : tables.values()) {
            if (ref.map().qualifiedName().equals(qualified)) {
                return filter.selectsTable(ref.map().database(), ref.map().table());
            }
        }
        return false;
    }

    private static String describe(TableChange change) {
        String text = change.statement() == null ? "" : " '" + change.statement() + "'";
        return (change.kind() == StatementKind.DDL ? "DDL" : "statement-format DML") + text;
    }

    private TableRef table(String file, long offset, TableMap map) {
        String key = map.tableId() + "\n" + map.qualifiedName() + "\n" + Arrays.toString(map.columnTypes())
                + Arrays.toString(map.columnMetadata()) + Arrays.hashCode(map.optionalMetadata());
        TableRef ref = tables.get(key);
        if (ref == null) {
            ref = TableRef.of(map, schema(file, offset, map));
            tables.put(key, ref);
        }
        return ref;
    }

    private TableSchema schema(String file, long offset, TableMap map) {
        TableSchema schema;
        try {
            schema = OptionalMetadata.schemaOf(map, mariaDb);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new DbRescueException(ErrorCode.BAD_INPUT, file + " at position " + offset + ": unreadable column"
                    + " metadata of " + map.qualifiedName() + ": " + e.getMessage(), e);
        }
        if (schema != null) {
            return live == null ? schema : live.markGenerated(schema);
        }
        if (live != null) {
            return live.schemaOf(map);
        }
        throw new DbRescueException(ErrorCode.BAD_INPUT, file + " at position " + offset + ": the binlog does not"
                + " name the columns of " + map.qualifiedName() + " (it was written with binlog_row_metadata other"
                + " than FULL); give --schema-from URL of a server that has the table as it was, or SET GLOBAL"
                + " binlog_row_metadata=FULL for the logs to come");
    }

    private FlashbackPlan result() {
        if (selected.isEmpty() && filter.threadId() != null && !anyThreadId) {
            warnings.add("--thread-id: the log names no thread for any transaction (MariaDB logs none for"
                    + " row-based transactions); select by time, position, GTID or --transaction instead");
        }
        if (filter.transaction() != null && selected.size() > 1) {
            throw new DbRescueException(ErrorCode.USAGE, "--transaction " + filter.transaction() + " matches "
                    + selected.size() + " transactions (the same position in several files); write FILE:POSITION");
        }
        RecoveryPlan recovery = null;
        if (!selected.isEmpty()) {
            recovery = RecoveryPlan.of(selected.get(0).transaction(), mariaDb, List.copyOf(fileNames));
        }
        return new FlashbackPlan(files, List.copyOf(selected), List.copyOf(warnings), mariaDb, recovery);
    }
}
