package dev.dbrescue.binlog.flashback;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.List;

/**
 * Flashback as a script. The output contract (what users' scripts and the round-trip tests rely on): UTF-8; comment
 * lines start with {@code -- }; every statement is one line ending with {@code ;}; each transaction is
 * {@code BEGIN;} ... {@code COMMIT;}; the session is set to utf8mb4 and UTC first, since TIMESTAMP values are in UTC.
 */
public final class FlashbackWriter implements FlashbackSink {

    private final Writer out;
    private long statements;
    private long rows;

    private FlashbackWriter(Writer out) {
        this.out = out;
    }

    /** What was written. */
    public record Written(long transactions, long statements, long rows) {
    }

    public static Written write(FlashbackPlan plan, boolean forward, Writer out) {
        FlashbackWriter writer = new FlashbackWriter(out);
        try {
            writer.header(plan, forward);
            FlashbackStatements.generate(plan, forward, false, writer);
            out.write("-- end: " + plan.transactions().size() + " transactions, " + writer.statements
                    + " statements, " + writer.rows + " rows\n");
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Written(plan.transactions().size(), writer.statements, writer.rows);
    }

    private void header(FlashbackPlan plan, boolean forward) throws IOException {
        List<SelectedTransaction> txs = plan.transactions();
        out.write("-- dbrescue flashback: " + (forward ? "the original changes of " : "SQL that undoes ")
                + txs.size() + " transactions (" + plan.rows() + " rows)"
                + (forward ? ", in log order" : ", newest first") + "\n");
        if (!txs.isEmpty()) {
            var first = txs.get(0).transaction();
            var last = txs.get(txs.size() - 1).transaction();
            out.write("-- from " + first.file() + ":" + first.start() + " (" + Instant.ofEpochSecond(first.time())
                    + ") to " + last.file() + ":" + last.end() + " (" + Instant.ofEpochSecond(last.time()) + ")\n");
        }
        out.write("-- rows are named by primary key (by every column, LIMIT 1, in a table without one); 'dbrescue"
                + " flashback --apply' also checks each row is still as the log left it\n");
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

    @Override
    public void begin(SelectedTransaction selected) throws IOException {
        var tx = selected.transaction();
        out.write("-- transaction " + tx.sequence() + (tx.gtid() == null ? "" : " gtid " + tx.gtid()) + " at "
                + tx.file() + ":" + tx.start() + "-" + tx.end() + ", " + Instant.ofEpochSecond(tx.time())
                + ", " + selected.rows() + " rows" + (tx.statement() == null ? "" : ": " + oneLine(tx.statement()))
                + "\n");
        out.write("BEGIN;\n");
    }

    @Override
    public void statement(FlashbackStatement statement) throws IOException {
        out.write(statement.sql());
        out.write(";\n");
        statements++;
        rows += statement.rows();
    }

    @Override
    public void commit(SelectedTransaction transaction) throws IOException {
        out.write("COMMIT;\n");
    }

    /** Whitespace and control characters collapsed: a comment stays one line. */
    static String oneLine(String text) {
        StringBuilder s = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
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
}
