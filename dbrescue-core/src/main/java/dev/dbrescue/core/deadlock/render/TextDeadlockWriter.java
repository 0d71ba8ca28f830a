package dev.dbrescue.core.deadlock.render;

import dev.dbrescue.core.deadlock.Deadlock;
import dev.dbrescue.core.deadlock.DeadlockLock;
import dev.dbrescue.core.deadlock.DeadlockTransaction;
import dev.dbrescue.core.deadlock.EarlierStatements;
import dev.dbrescue.core.deadlock.LoggedLockWait;
import dev.dbrescue.core.deadlock.ParseWarning;
import dev.dbrescue.core.deadlock.analysis.AnalyzedDeadlock;
import dev.dbrescue.core.deadlock.analysis.DeadlockStory;
import dev.dbrescue.core.deadlock.analysis.WaitEdge;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/** The default output: each deadlock as a short story that reads well pasted into an incident channel. */
final class TextDeadlockWriter implements DeadlockWriter {

    private final Writer out;
    private int count;

    TextDeadlockWriter(Writer out) {
        this.out = out;
    }

    @Override
    public void begin() {
    }

    /** What the transaction ran before its query, oldest first, when the server still remembered (--target). */
    private void earlier(EarlierStatements earlier) throws IOException {
        if (earlier == null) {
            return;
        }
        String label = "       earlier: ";
        if (!earlier.complete()) {
            line(label + "(older statements of this transaction are no longer in the server's history)");
            label = "                ";
        }
        for (String statement : earlier.statements()) {
            line(label + Labels.oneLine(statement, 200));
            label = "                ";
        }
        if (earlier.complete() && earlier.statements().isEmpty()) {
            line(label + "(none: the query below began the transaction)");
        }
    }

    @Override
    public void deadlock(AnalyzedDeadlock analyzed) throws IOException {
        Deadlock d = analyzed.deadlock();
        count++;
        line("Deadlock #" + count + "  " + (d.timeText() == null ? "(no time in the report)" : d.timeText()) + "  "
                + d.engine().jsonName() + "  pattern " + analyzed.pattern().jsonName() + "  [" + d.source() + ":" + d.line() + "]");
        for (int i = 0; i < d.transactions().size(); i++) {
            DeadlockTransaction t = d.transactions().get(i);
            StringBuilder head = new StringBuilder("  T" + (i + 1) + " " + Labels.who(t));
            if (t.user() != null) {
                head.append("  ").append(t.user()).append(t.host() == null ? "" : "@" + t.host());
            }
            if (t.activeSeconds() != null) {
                head.append("  active ").append(Math.round(t.activeSeconds())).append(" s");
            }
            if (t.rowLocks() != null) {
                head.append("  row locks ").append(t.rowLocks());
            }
            if (t.undoEntries() != null) {
                head.append("  undo entries ").append(t.undoEntries());
            }
            if (t.victim()) {
                head.append("  <- VICTIM (rolled back)");
            }
            line(head.toString());
            earlier(t.earlier());
            line("       query:   " + Labels.oneLine(t.query(), 200));
            for (DeadlockLock held : t.holds()) {
                line("       holds:   " + Labels.lock(held));
            }
            if (t.waitingFor() != null) {
                String holder = "";
                for (WaitEdge e : analyzed.edges()) {
                    if (e.waiter() == i) {
                        holder = " <- held by T" + (e.holder() + 1) + (e.inferred() ? " (by cycle order)" : "");
                        break;
                    }
                }
                line("       waits:   " + Labels.lock(t.waitingFor()) + holder);
            }
        }
        if (d.tooDeep()) {
            line("  InnoDB gave up the search: the cycle shown may be incomplete, and no victim was chosen by cycle.");
        }
        DeadlockStory story = DeadlockStory.of(analyzed);
        line("  what happened:");
        for (int i = 0; i < story.steps().size(); i++) {
            line("    " + (i + 1) + ". " + story.steps().get(i));
        }
        line("  why: " + analyzed.pattern().explanation());
        line("  fix:");
        for (String remedy : story.remedies()) {
            line("    - " + remedy);
        }
        line("");
        out.flush();
    }

    @Override
    public void end(List<LoggedLockWait> lockWaits, long lockWaitsDropped, List<ParseWarning> warnings, long warningsDropped) throws IOException {
        if (!lockWaits.isEmpty()) {
            line("Lock waits (log_lock_waits): " + (lockWaits.size() + lockWaitsDropped)
                    + (lockWaitsDropped > 0 ? " (the first " + lockWaits.size() + " listed)" : ""));
            for (LoggedLockWait w : lockWaits) {
                line("  " + (w.timeText() == null ? "" : w.timeText() + "  ") + "pid " + w.pid() + " waited "
                        + (w.waitedMs() == null ? "?" : Math.round(w.waitedMs()) + " ms") + " for " + Labels.lock(w.lock())
                        + (w.holders().isEmpty() ? "" : ", held by " + w.holders()) + (w.queue().isEmpty() ? "" : ", queue " + w.queue())
                        + " -> " + w.outcome());
            }
            line("");
        }
        line(count == 0 ? "No deadlock found." : count + (count == 1 ? " deadlock." : " deadlocks."));
        if (!warnings.isEmpty()) {
            line("Warnings (input that could not be read):");
            for (ParseWarning w : warnings) {
                line("  " + w.source() + ":" + w.line() + ": " + w.text());
            }
            if (warningsDropped > 0) {
                line("  ... and " + warningsDropped + " more");
            }
        }
        out.flush();
    }

    private void line(String text) throws IOException {
        out.write(text);
        out.write(System.lineSeparator());
    }
}
