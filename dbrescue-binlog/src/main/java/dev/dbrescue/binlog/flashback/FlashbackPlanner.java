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
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The first pass of flashback: reads the files once in order, records where the selected rows events are (not what
 * they hold) in a {@link SelectionIndex} on disk, and refuses, before anything is written, what cannot be reversed
 * in the range: DDL, statement-format DML, UPDATE or DELETE images without every column, tables whose column names
 * are unknown. Memory: the table maps seen, whatever the size of the range.
 */
public final class FlashbackPlanner implements TransactionListener {

    private final List<Path> files;
    private final FlashbackFilter filter;
    private final boolean forward;
    private final LiveSchemas live;
    private final SelectionIndex index = new SelectionIndex();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> fileNames = new ArrayList<>();
    /** Table maps of the selected tables, by content: the index refers to them by position. */
    private final Map<String, Integer> mapPositions = new HashMap<>();
    private final List<TableMap> maps = new ArrayList<>();
    /** Each map's schema, resolved when a transaction that uses it is selected; null until then. */
    private final List<TableRef> tables = new ArrayList<>();
    /** Where each map was first seen, for messages. */
    private final List<String> seenAt = new ArrayList<>();
    // The open transaction.
    private final BitSet pendingMaps = new BitSet();
    /** Tables an INSERT of the open transaction logged without every column (binlog_row_image=MINIMAL). */
    private final BitSet pendingPartialInserts = new BitSet();
    private long mark;
    private boolean pendingMinimal;
    // What was selected.
    private Transaction firstSelected;
    private long rowsSelected;
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
     * @return the plan; close it to delete its index
     */
    public static FlashbackPlan plan(List<Path> files, FlashbackFilter filter, boolean forward, LiveSchemas live) {
        FlashbackPlanner planner = new FlashbackPlanner(files, filter, forward, live);
        try {
            new TransactionScanner(planner).scan(files);
            return planner.result();
        } catch (RuntimeException e) {
            planner.index.close();
            throw e;
        }
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
        record(file, offset, length, -1, 0, event, map);
    }

    @Override
    public void rowsEventInPayload(String file, long payloadOffset, long payloadLength, long innerOffset,
                                   int innerLength, RowsEvent event, TableMap map) {
        record(file, payloadOffset, payloadLength, innerOffset, innerLength, event, map);
    }

    private void record(String file, long offset, long length, long innerOffset, int innerLength, RowsEvent event,
                        TableMap map) {
        if (!filter.selectsTable(map.database(), map.table()) || !filter.selectsKind(event.kind())) {
            return;
        }
        if (!event.fullImage() && event.kind() != RowKind.INSERT) {
            pendingMinimal = true;
        }
        int position = position(file, offset, map);
        pendingMaps.set(position);
        if (event.kind() == RowKind.INSERT && event.present().cardinality() < event.columnCount()) {
            pendingPartialInserts.set(position);
        }
        index.addEvent(fileIndex, offset, (int) length, position, event.kind(), innerOffset, innerLength);
    }

    @Override
    public void transaction(Transaction tx) {
        anyThreadId |= tx.threadId() != null;
        long first = mark;
        long count = index.mark() - first;
        boolean minimal = pendingMinimal;
        BitSet used = (BitSet) pendingMaps.clone();
        BitSet partialInserts = (BitSet) pendingPartialInserts.clone();
        pendingMaps.clear();
        pendingPartialInserts.clear();
        pendingMinimal = false;
        if (!filter.selects(tx, fileIndex == 0, fileIndex == files.size() - 1)) {
            index.discardSince(first);
            return;
        }
        refuseWhatCannotBeReversed(tx, minimal);
        if (count == 0) {
            return;
        }
        for (int m = used.nextSetBit(0); m >= 0; m = used.nextSetBit(m + 1)) {
            resolve(m);
            if (!forward && partialInserts.get(m) && tables.get(m).schema().primaryKey().isEmpty()) {
                // Its undo would be a DELETE naming the row by some of its columns only: it could hit a twin.
                throw new DbRescueException(ErrorCode.BAD_INPUT, tx.file() + " at position " + tx.start()
                        + ": an INSERT into " + maps.get(m).qualifiedName() + ", a table without primary key, was"
                        + " logged without every column (binlog_row_image=MINIMAL): its row cannot be told from others,"
                        + " so it is not undone; leave that table out (--table) or restore a backup");
            }
        }
        long rows = 0;
        for (TableChange change : tx.changes()) {
            if (change.kind().reversible() && selectsQualified(change.table())
                    && filter.selectsKind(RowKind.valueOf(change.kind().name()))) {
                rows += change.rows();
            }
        }
        index.addTransaction(new SelectedTransaction(tx, rows, first, (int) count));
        mark = index.mark();
        rowsSelected += rows;
        if (firstSelected == null) {
            firstSelected = tx;
        }
    }

    private void refuseWhatCannotBeReversed(Transaction tx, boolean minimal) {
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
                    ? ", a schema change flashback cannot undo; " + around(tx)
                    : ", logged as a statement (binlog_format=STATEMENT or MIXED), so its rows are not in the log and"
                    + " cannot be reversed; " + around(tx)));
        }
        if (minimal && !forward) {
            throw new DbRescueException(ErrorCode.BAD_INPUT, tx.file() + " at position " + tx.start() + ": UPDATE or"
                    + " DELETE logged without every column (binlog_row_image=MINIMAL or NOBLOB): the old values are"
                    + " not in the log, so these changes cannot be reversed; restore a backup and replay instead");
        }
    }

    /**
     * How to leave a transaction out: positions only where they apply (--stop-position to the last file given,
     * --start-position to the first); in a file between, by time or by choosing the transactions.
     */
    private String around(Transaction tx) {
        String time = java.time.Instant.ofEpochSecond(tx.time()).toString();
        String byTime = "--stop-datetime or --start-datetime around " + time + ", or --transaction / --gtid / --table";
        if (files.size() == 1) {
            return "stop the range before it (--stop-position " + tx.start() + ") or start after it (--start-position "
                    + tx.end() + ")";
        }
        if (fileIndex == files.size() - 1) {
            return "stop the range before it (--stop-position " + tx.start() + "), or use " + byTime;
        }
        if (fileIndex == 0) {
            return "start after it (--start-position " + tx.end() + "), or use " + byTime;
        }
        return "leave it out with " + byTime + " (positions apply only to the first and last file)";
    }

    private boolean selectsQualified(String qualified) {
        for (TableMap map : maps) {
            if (map.qualifiedName().equals(qualified)) {
                return filter.selectsTable(map.database(), map.table());
            }
        }
        return false;
    }

    private static String describe(TableChange change) {
        String text = change.statement() == null ? "" : " '" + change.statement() + "'";
        return (change.kind() == StatementKind.DDL ? "DDL" : "statement-format DML") + text;
    }

    private int position(String file, long offset, TableMap map) {
        String key = map.tableId() + "\n" + map.qualifiedName() + "\n" + Arrays.toString(map.columnTypes())
                + Arrays.toString(map.columnMetadata()) + Arrays.hashCode(map.optionalMetadata());
        Integer known = mapPositions.get(key);
        if (known != null) {
            return known;
        }
        maps.add(map);
        tables.add(null);
        seenAt.add(file + " at position " + offset);
        mapPositions.put(key, maps.size() - 1);
        return maps.size() - 1;
    }

    private void resolve(int position) {
        if (tables.get(position) == null) {
            TableMap map = maps.get(position);
            tables.set(position, TableRef.of(map, schema(seenAt.get(position), map)));
        }
    }

    private TableSchema schema(String where, TableMap map) {
        TableSchema schema;
        try {
            schema = OptionalMetadata.schemaOf(map, mariaDb);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new DbRescueException(ErrorCode.BAD_INPUT, where + ": unreadable column metadata of "
                    + map.qualifiedName() + ": " + e.getMessage(), e);
        }
        if (schema != null) {
            return live == null ? schema : live.markGenerated(schema);
        }
        if (live != null) {
            return live.schemaOf(map);
        }
        throw new DbRescueException(ErrorCode.BAD_INPUT, where + ": the binlog does not name the columns of "
                + map.qualifiedName() + " (it was written with binlog_row_metadata other than FULL); give"
                + " --schema-from URL of a server that has the table as it was, or SET GLOBAL"
                + " binlog_row_metadata=FULL for the logs to come");
    }

    private FlashbackPlan result() {
        index.finish();
        if (index.size() == 0 && filter.threadId() != null && !anyThreadId) {
            warnings.add("--thread-id: the log names no thread for any transaction (MariaDB logs none for"
                    + " row-based transactions); select by time, position, GTID or --transaction instead");
        }
        if (filter.transaction() != null && index.size() > 1) {
            throw new DbRescueException(ErrorCode.USAGE, "--transaction " + filter.transaction() + " matches "
                    + index.size() + " transactions (the same position in several files); write FILE:POSITION");
        }
        RecoveryPlan recovery = firstSelected == null ? null
                : RecoveryPlan.of(firstSelected, mariaDb, List.copyOf(fileNames));
        return new FlashbackPlan(files, index, tables, List.copyOf(warnings), mariaDb, recovery, rowsSelected);
    }
}
