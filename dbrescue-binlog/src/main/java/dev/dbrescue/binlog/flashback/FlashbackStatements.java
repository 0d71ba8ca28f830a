package dev.dbrescue.binlog.flashback;

import dev.dbrescue.binlog.event.MariaDbCompression;
import dev.dbrescue.binlog.read.BinlogFormatException;
import dev.dbrescue.binlog.read.EventAt;
import dev.dbrescue.binlog.read.EventTypes;
import dev.dbrescue.binlog.read.RawEvent;
import dev.dbrescue.binlog.rows.RowKind;
import dev.dbrescue.binlog.rows.RowsEvent;
import dev.dbrescue.binlog.value.SqlBuffer;
import dev.dbrescue.binlog.value.SqlText;
import dev.dbrescue.binlog.value.TableSchema;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * The second pass: the selected rows events read back one at a time with positional reads and turned into
 * statements, newest first to undo (rows reversed inside each event too), or in log order with {@code forward}.
 * Memory is one event and one statement being built, whatever the size of the range.
 *
 * <p>Plain statements name rows by primary key (every column without one), for people to read. Guarded ones, for
 * {@code --apply}, name them by every column compared exactly, so that a row changed since the log was written is
 * not matched, and come with their check.
 */
public final class FlashbackStatements {

    /** Rows per multi-row INSERT, and the most characters before one is cut (well under max_allowed_packet). */
    private static final int INSERT_ROWS = 1000;
    private static final int INSERT_CHARS = 1 << 20;

    private final FlashbackPlan plan;
    private final boolean forward;
    private final boolean guarded;
    private final FlashbackSink sink;
    private final EventAt[] readers;
    private final PayloadSpill payloads = new PayloadSpill();
    private final SqlBuffer line = new SqlBuffer(1 << 12);
    private final SqlBuffer insert = new SqlBuffer(INSERT_CHARS + (1 << 16));
    private final SqlBuffer keys = new SqlBuffer(1 << 12);
    private final List<String> rowKeys = new ArrayList<>();
    private final List<String> keyTuples = new ArrayList<>();
    /** The rows of the event being read, as SQL values, with where each starts in the event and ends here. */
    private final SqlBuffer rows = new SqlBuffer(1 << 16);
    private final IntList rowStarts = new IntList();
    private final IntList rowEnds = new IntList();
    private TableRef insertTable;
    private BitSet insertColumns;
    private int insertRows;

    private FlashbackStatements(FlashbackPlan plan, boolean forward, boolean guarded, FlashbackSink sink) {
        this.plan = plan;
        this.forward = forward;
        this.guarded = guarded;
        this.sink = sink;
        this.readers = new EventAt[plan.files().size()];
    }

    public static void generate(FlashbackPlan plan, boolean forward, boolean guarded, FlashbackSink sink)
            throws IOException {
        FlashbackStatements statements = new FlashbackStatements(plan, forward, guarded, sink);
        try {
            int n = plan.size();
            for (int i = 0; i < n; i++) {
                statements.transaction(plan.transaction(forward ? i : n - 1 - i));
            }
        } finally {
            for (EventAt reader : statements.readers) {
                if (reader != null) {
                    reader.close();
                }
            }
            statements.payloads.close();
        }
    }

    private void transaction(SelectedTransaction selected) throws IOException {
        sink.begin(selected);
        plan.events(selected, !forward, (file, offset, length, table, kind, innerOffset, innerLength) ->
                event(file, offset, length, plan.table(table), innerOffset, innerLength));
        flushInsert();
        sink.commit(selected);
    }

    private void event(int file, long offset, int length, TableRef table, long innerOffset, int innerLength)
            throws IOException {
        RawEvent raw = innerOffset < 0 ? reader(file).read(offset, length)
                : payloads.read(reader(file), file, offset, length, innerOffset, innerLength);
        if (EventTypes.isMariaDbCompressed(raw.type())) {
            raw = MariaDbCompression.inflate(raw);
        }
        byte[] body = raw.body();
        RowsEvent rowsEvent = RowsEvent.parse(raw.type(), body);
        try {
            if (forward ? rowsEvent.kind() == RowKind.INSERT : rowsEvent.kind() == RowKind.DELETE) {
                insertRows(table, rowsEvent, body);
                return;
            }
            IntList starts = new IntList();
            rowsEvent.walk(body, table.map(), (start, end) -> starts.add(start));
            for (int k = 0; k < starts.size; k++) {
                row(table, rowsEvent, body, starts.values[forward ? k : starts.size - 1 - k]);
            }
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new BinlogFormatException(plan.files().get(file).toString(), offset,
                    "cannot decode a row of " + table.schema().qualifiedName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The rows of an event that become one INSERT: each decoded once, in log order, into {@code rows} (decoding
     * finds where the next row starts, so no separate walk), then added in the order asked.
     */
    private void insertRows(TableRef table, RowsEvent event, byte[] body) throws IOException {
        rows.setLength(0);
        rowStarts.size = 0;
        rowEnds.size = 0;
        int at = event.rowsStart();
        while (at < body.length) {
            rowStarts.add(at);
            at = RowSql.values(rows, body, at, event.present(), table.schema());
            rowEnds.add(rows.length());
        }
        if (at != body.length) {
            throw new IllegalArgumentException("row image runs past the end of the event");
        }
        int n = rowEnds.size;
        for (int k = 0; k < n; k++) {
            int i = forward ? k : n - 1 - k;
            int from = i == 0 ? 0 : rowEnds.values[i - 1];
            addInsert(table, event.present(), body, rowStarts.values[i], from, rowEnds.values[i]);
        }
    }

    private void row(TableRef table, RowsEvent event, byte[] body, int at) throws IOException {
        RowKind kind = event.kind();
        flushInsert();
        TableSchema schema = table.schema();
        line.setLength(0);
        RowSql.Image identity;
        RowSql.Image target = null;
        RowKind statementKind;
        if (kind == RowKind.UPDATE) {
            RowSql.Image before = RowSql.decode(body, at, event.present(), schema);
            BitSet diffs = new BitSet();
            int afterAt = event.afterImage(body, before.end, table.map(), diffs);
            RowSql.Image after = RowSql.decode(body, afterAt, event.presentAfter(), schema, diffs);
            target = forward ? after : before;
            identity = forward ? before : after;
            line.append("UPDATE ").append(table.quotedName()).append(" SET ");
            boolean any = false;
            for (int c = 0; c < schema.columns().size(); c++) {
                if (target.literals[c] == null || target.same(body, identity, c) || schema.columns().get(c).generated()) {
                    continue;
                }
                if (any) {
                    line.append(", ");
                }
                any = true;
                SqlText.identifier(line, schema.columns().get(c).name()).append('=');
                if (target.partial.get(c)) {
                    line.append(target.literals[c]); // JSON_REPLACE(`doc`, ...): the diffs applied
                } else {
                    RowSql.literal(line, target.literals[c], schema.columns().get(c));
                }
            }
            if (!any) {
                return; // the row did not change
            }
            statementKind = RowKind.UPDATE;
        } else {
            identity = RowSql.decode(body, at, event.present(), schema);
            line.append("DELETE FROM ").append(table.quotedName());
            statementKind = RowKind.DELETE;
        }
        line.append(" WHERE ");
        int whereAt = line.length();
        if (guarded) {
            RowSql.exactly(line, identity, schema);
        } else {
            RowSql.where(line, identity, schema);
        }
        // Without a primary key, identical rows may be several: one is enough (the statement changes one).
        String count = schema.primaryKey().isEmpty() ? "SELECT LEAST(COUNT(*), 1) FROM " : "SELECT COUNT(*) FROM ";
        String check = guarded ? count + table.quotedName() + " WHERE " + line.substring(whereAt) : null;
        line.append(" LIMIT 1");
        List<String> identities = List.of();
        if (guarded) {
            // An UPDATE that moved the row to another key is the newest change of both keys.
            identities = target == null ? List.of(identityOf(table, identity))
                    : List.of(identityOf(table, identity), identityOf(table, target));
        }
        sink.statement(new FlashbackStatement(statementKind, schema.qualifiedName(), line.toBytes(), 1, check,
                identities, List.of()));
    }

    /** The row's identity for the dry run's memory: table and key values (every column without a key). */
    private static String identityOf(TableRef table, RowSql.Image image) {
        SqlBuffer key = new SqlBuffer(64).append(table.quotedName());
        if (table.schema().primaryKey().isEmpty()) {
            RowSql.where(key, image, table.schema());
        } else {
            RowSql.keyTuple(key, image, table.schema());
        }
        return key.toString();
    }

    /** Adds one row, already written as {@code (v1,...)} in {@code rows} between {@code from} and {@code to}. */
    private void addInsert(TableRef table, BitSet columns, byte[] body, int at, int from, int to) throws IOException {
        if (insertTable != table || !columns.equals(insertColumns) || insertRows >= INSERT_ROWS
                || insert.length() >= INSERT_CHARS) {
            flushInsert();
            insertTable = table;
            insertColumns = columns;
            insert.append("INSERT INTO ").append(table.quotedName()).append(' ');
            RowSql.columnList(insert, columns, table.schema());
            insert.append(" VALUES ");
        } else {
            insert.append(',');
        }
        insert.append(rows, from, to);
        if (guarded) {
            RowSql.Image image = RowSql.decode(body, at, columns, table.schema());
            if (!table.schema().primaryKey().isEmpty()) {
                keys.setLength(0);
                RowSql.keyTuple(keys, image, table.schema());
                keyTuples.add(keys.toString());
            }
            rowKeys.add(identityOf(table, image));
        }
        insertRows++;
    }

    private void flushInsert() throws IOException {
        if (insertRows == 0) {
            return;
        }
        TableSchema schema = insertTable.schema();
        String check = null;
        if (guarded && !keyTuples.isEmpty()) {
            SqlBuffer s = new SqlBuffer(100).append("SELECT COUNT(*) FROM ").append(insertTable.quotedName())
                    .append(" WHERE ");
            RowSql.keyColumns(s, schema);
            check = s.append(" IN ").toString();
        }
        sink.statement(new FlashbackStatement(RowKind.INSERT, schema.qualifiedName(), insert.toBytes(), insertRows,
                check, List.copyOf(rowKeys), List.copyOf(keyTuples)));
        rowKeys.clear();
        keyTuples.clear();
        insert.setLength(0);
        keys.setLength(0);
        insertRows = 0;
        insertTable = null;
        insertColumns = null;
    }

    private EventAt reader(int file) {
        if (readers[file] == null) {
            readers[file] = EventAt.open(plan.files().get(file));
        }
        return readers[file];
    }

    /** Row starts of one event, without boxing. */
    private static final class IntList {
        int[] values = new int[64];
        int size;

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }
    }
}
