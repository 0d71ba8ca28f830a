package dev.dbrescue.binlog.flashback;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Flashback as a script. The output contract (what users' scripts and the round-trip tests rely on): UTF-8; comment
 * lines start with {@code -- }; every statement is one line ending with {@code ;}; each transaction is
 * {@code BEGIN;} ... {@code COMMIT;}; the session is set to utf8mb4 and UTC first, since TIMESTAMP values are in UTC.
 */
public final class FlashbackWriter implements FlashbackSink {

    private static final byte[] END_OF_STATEMENT = {';', '\n'};

    private final OutputStream out;
    private long statements;
    private long rows;

    private FlashbackWriter(OutputStream out) {
        this.out = out;
    }

    /** What was written. */
    public record Written(long transactions, long statements, long rows) {
    }

    /**
     * Writes the script to {@code out} (buffer it), flushed at the end.
     *
     * @throws IOException when {@code out} cannot be written (the caller names the file)
     */
    public static Written write(FlashbackPlan plan, boolean forward, OutputStream out) throws IOException {
        FlashbackWriter writer = new FlashbackWriter(out);
        writer.header(plan, forward);
        FlashbackStatements.generate(plan, forward, false, writer);
        writer.line("-- end: " + plan.size() + " transactions, " + writer.statements + " statements, "
                + writer.rows + " rows");
        out.flush();
        return new Written(plan.size(), writer.statements, writer.rows);
    }

    private void header(FlashbackPlan plan, boolean forward) throws IOException {
        line("-- dbrescue flashback: " + (forward ? "the original changes of " : "SQL that undoes ")
                + plan.size() + " transactions (" + plan.rows() + " rows)"
                + (forward ? ", in log order" : ", newest first"));
        if (!plan.isEmpty()) {
            var first = plan.transaction(0).transaction();
            var last = plan.transaction(plan.size() - 1).transaction();
            line("-- from " + first.file() + ":" + first.start() + " (" + Instant.ofEpochSecond(first.time())
                    + ") to " + last.file() + ":" + last.end() + " (" + Instant.ofEpochSecond(last.time()) + ")");
        }
        line("-- rows are named by primary key (by every column, LIMIT 1, in a table without one); 'dbrescue"
                + " flashback --apply' also checks each row is still as the log left it");
        if (plan.recovery() != null) {
            line("-- instead of this, point-in-time recovery: restore a backup, then");
            for (var command : plan.recovery().commands()) {
                line("--   " + command.line());
            }
        }
        for (String warning : plan.warnings()) {
            line("-- warning: " + oneLine(warning));
        }
        line("SET NAMES utf8mb4;");
        line("SET time_zone = '+00:00';");
    }

    @Override
    public void begin(SelectedTransaction selected) throws IOException {
        var tx = selected.transaction();
        line("-- transaction " + tx.sequence() + (tx.gtid() == null ? "" : " gtid " + tx.gtid()) + " at "
                + tx.file() + ":" + tx.start() + "-" + tx.end() + ", " + Instant.ofEpochSecond(tx.time())
                + ", " + selected.rows() + " rows" + (tx.statement() == null ? "" : ": " + oneLine(tx.statement())));
        line("BEGIN;");
    }

    @Override
    public void statement(FlashbackStatement statement) throws IOException {
        out.write(statement.utf8());
        out.write(END_OF_STATEMENT);
        statements++;
        rows += statement.rows();
    }

    @Override
    public void commit(SelectedTransaction transaction) throws IOException {
        line("COMMIT;");
    }

    private void line(String text) throws IOException {
        out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
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
