package dev.dbrescue.binlog.flashback;

import dev.dbrescue.binlog.event.MariaDbCompression;
import dev.dbrescue.binlog.read.BinlogFormatException;
import dev.dbrescue.binlog.read.EventAt;
import dev.dbrescue.binlog.read.EventTypes;
import dev.dbrescue.binlog.read.RawEvent;
import dev.dbrescue.binlog.rows.RowKind;
import dev.dbrescue.binlog.rows.RowsEvent;
import dev.dbrescue.binlog.tx.Transaction;
import dev.dbrescue.binlog.value.SqlText;
import dev.dbrescue.binlog.value.TableSchema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * The second pass: the selected rows events read back one at a time with positional reads and written as SQL, newest
 * first to undo (rows reversed inside each event too), or in log order with {@code forward}. Memory is one event and
 * one statement being built, whatever the size of the range.
 *
 * <p>The output contract (what {@code --apply} and users' scripts rely on): UTF-8; comment lines start with
 * {@code -- }; every statement is one line ending with {@code ;}; each transaction is {@code BEGIN;} ... {@code COMMIT;}.
 */
public final class FlashbackWriter {

    /** Rows per multi-row INSERT, and the most characters before one is cut (well under max_allowed_packet). */
    private static final int INSERT_ROWS = 1000;
    private static final int INSERT_CHARS = 1 << 20;

    private final FlashbackPlan plan;
    private final boolean forward;
    private final Writer out;
    private final EventAt[] readers;
    private final StringBuilder line = new StringBuilder(1 << 16);
    private final StringBuilder insert = new StringBuilder(1 << 16);
    private TableRef insertTable;
    private BitSet insertColumns;
    private int insertRows;
    private long statements;
    private long rows;

    private FlashbackWriter(FlashbackPlan plan, boolean forward, Writer out) {
        this.plan = plan;
        this.forward = forward;
        this.out = out;
        this.readers = new EventAt[plan.files().size()];
    }

    /** What was written. */
    public record Written(long transactions, long statements, long rows) {
    }

    public static Written write(FlashbackPlan plan, boolean forward, Writer out) {
        FlashbackWriter writer = new FlashbackWriter(plan, forward, out);
        try {
            return writer.writeAll();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (EventAt reader : writer.readers) {
                if (reader != null) {
                    reader.close();
                }
            }
        }
    }

    private Written writeAll() throws IOException {
        header();
        List<SelectedTransaction> txs = plan.transactions();
        for (int i = 0; i < txs.size(); i++) {
            SelectedTransaction tx = txs.get(forward ? i : txs.size() - 1 - i);
            transaction(tx);
        }
        out.write("-- end: " + txs.size() + " transactions, " + statements + " statements, " + rows + " rows\n");
        out.flush();
        return new Written(txs.size(), statements, rows);
    }

    private void header() throws IOException {
        List<SelectedTransaction> txs = plan.transactions();
        out.write("-- dbrescue flashback: " + (forward ? "the original changes of " : "SQL that undoes ")
                + txs.size() + " transactions (" + plan.rows() + " rows)" + (forward ? ", in log order" : ", newest first")
                + "\n");
        if (!txs.isEmpty()) {
            Transaction first = txs.get(0).transaction();
            Transaction last = txs.get(txs.size() - 1).transaction();
            out.write("-- from " + first.file() + ":" + first.start() + " (" + Instant.ofEpochSecond(first.time())
                    + ") to " + last.file() + ":" + last.end() + " (" + Instant.ofEpochSecond(last.time()) + ")\n");
        }
        if (!forward) {
            out.write("-- each UPDATE and DELETE names the row as the log left it; LIMIT 1 since a table without a"
                    + " primary key is matched on every column\n");
        }
        if (plan.recovery() != null) {
            out.write("-- instead of this, point-in-time recovery: restore a backup, then\n");
            for (var command : plan.recovery().commands()) {
                out.write("--   " + command.line() + "\n");
            }
        }
        for (String warning : plan.warnings()) {
            out.write("-- warning: " + oneLine(warning) + "\n");
        }
        out.write("SET NAMES utf8mb4;\n");
        out.write("SET time_zone = '+00:00';\n");
    }

    private void transaction(SelectedTransaction selected) throws IOException {
        Transaction tx = selected.transaction();
        out.write("-- transaction " + tx.sequence() + (tx.gtid() == null ? "" : " gtid " + tx.gtid()) + " at "
                + tx.file() + ":" + tx.start() + "-" + tx.end() + ", " + Instant.ofEpochSecond(tx.time())
                + ", " + selected.rows() + " rows" + (tx.statement() == null ? "" : ": " + oneLine(tx.statement()))
                + "\n");
        out.write("BEGIN;\n");
        List<EventRef> events = selected.events();
        for (int i = 0; i < events.size(); i++) {
            event(events.get(forward ? i : events.size() - 1 - i));
        }
        flushInsert();
        out.write("COMMIT;\n");
    }

    private void event(EventRef ref) throws IOException {
        RawEvent raw = reader(ref.file()).read(ref.offset(), ref.length());
        if (EventTypes.isMariaDbCompressed(raw.type())) {
            raw = MariaDbCompression.inflate(raw);
        }
        byte[] body = raw.body();
        RowsEvent rowsEvent = RowsEvent.parse(raw.type(), body);
        IntList starts = new IntList();
        rowsEvent.walk(body, ref.table().map(), (start, end) -> starts.add(start));
        TableRef table = ref.table();
        for (int k = 0; k < starts.size; k++) {
            int at = starts.values[forward ? k : starts.size - 1 - k];
            try {
                row(table, rowsEvent, body, at);
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw new BinlogFormatException(plan.files().get(ref.file()).toString(), ref.offset(),
                        "cannot decode a row of " + table.schema().qualifiedName() + ": " + e.getMessage(), e);
            }
            rows++;
        }
    }

    private void row(TableRef table, RowsEvent event, byte[] body, int at) throws IOException {
        RowKind kind = event.kind();
        boolean insertRow = forward ? kind == RowKind.INSERT : kind == RowKind.DELETE;
        if (insertRow) {
            addInsert(table, event.present(), body, at);
            return;
        }
        flushInsert();
        TableSchema schema = table.schema();
        line.setLength(0);
        if (kind == RowKind.UPDATE) {
            RowSql.Image before = RowSql.decode(body, at, event.present(), schema);
            RowSql.Image after = RowSql.decode(body, before.end, event.presentAfter(), schema);
            RowSql.Image target = forward ? after : before;
            RowSql.Image current = forward ? before : after;
            line.append("UPDATE ").append(table.quotedName()).append(" SET ");
            boolean any = false;
            for (int c = 0; c < schema.columns().size(); c++) {
                if (target.literals[c] == null || target.same(body, current, c)) {
                    continue;
                }
                if (any) {
                    line.append(", ");
                }
                any = true;
                SqlText.identifier(line, schema.columns().get(c).name()).append('=');
                RowSql.literal(line, target.literals[c], schema.columns().get(c));
            }
            if (!any) {
                return; // the row did not change
            }
            line.append(" WHERE ");
            RowSql.where(line, current, schema);
        } else {
            RowSql.Image image = RowSql.decode(body, at, event.present(), schema);
            line.append("DELETE FROM ").append(table.quotedName()).append(" WHERE ");
            RowSql.where(line, image, schema);
        }
        line.append(" LIMIT 1;\n");
        out.append(line);
        statements++;
    }

    private void addInsert(TableRef table, BitSet columns, byte[] body, int at) throws IOException {
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
        RowSql.values(insert, body, at, columns, table.schema());
        insertRows++;
    }

    private void flushInsert() throws IOException {
        if (insertRows == 0) {
            return;
        }
        insert.append(";\n");
        out.append(insert);
        statements++;
        insert.setLength(0);
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

    private static String oneLine(String text) {
        StringBuilder s = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                space = true;
            } else {
                if (space && !s.isEmpty()) {
                    s.append(' ');
                }
                space = false;
                s.append(c);
            }
        }
        return s.toString();
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
