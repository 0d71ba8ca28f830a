package dev.dbrescue.app.binlog;

import dev.dbrescue.binlog.flashback.FlashbackApply;
import dev.dbrescue.binlog.flashback.FlashbackPlan;
import dev.dbrescue.core.action.AuditLog;
import dev.dbrescue.core.connect.Connector;
import dev.dbrescue.core.render.Texts;
import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.target.ClientEnvironment;
import dev.dbrescue.core.target.Target;

import java.io.PrintWriter;

/**
 * {@code flashback --apply URL}: connects through a safe session (short lock and statement timeouts, so the undo
 * never queues behind the application), asks on the terminal unless {@code --yes}, runs {@link FlashbackApply} and
 * reports what was applied and every conflict.
 */
final class FlashbackApplyRun {

    private static final int CONFLICTS_SHOWN = 20;

    private final FlashbackCommand command;
    private final FlashbackPlan plan;
    private final FlashbackApply.OnConflict onConflict;

    FlashbackApplyRun(FlashbackCommand command, FlashbackPlan plan, FlashbackApply.OnConflict onConflict) {
        this.command = command;
        this.plan = plan;
        this.onConflict = onConflict;
    }

    int run() {
        PrintWriter out = command.spec.commandLine().getOut();
        PrintWriter err = command.spec.commandLine().getErr();
        ClientEnvironment environment = ClientEnvironment.current();
        Target target = Target.parse(command.apply);
        try (ServerConnection server = new Connector(environment).open(target)) {
            String where = server.server() + " at " + target;
            String what = (command.forward ? "Replay " : "Undo ") + plan.size() + " transactions ("
                    + plan.rows() + " rows) on " + where + "?";
            if (command.execute && !command.yes && !command.confirmation.confirm(what)) {
                err.println("dbrescue: not confirmed: nothing was done.");
                err.flush();
                return 1;
            }
            AuditLog audit = command.execute ? AuditLog.open(command.auditLog != null ? command.auditLog
                    : AuditLog.defaultPath(environment.home())) : null;
            try {
                FlashbackApply.Outcome outcome = FlashbackApply.run(plan, server.connection(), command.forward,
                        command.execute, onConflict, audit, target.toString(), progress(err));
                report(out, where, outcome);
                return outcome.conflicts().isEmpty() ? 0 : 1;
            } finally {
                if (audit != null) {
                    audit.close();
                }
            }
        }
    }

    private void report(PrintWriter out, String where, FlashbackApply.Outcome o) {
        String mode = command.execute ? "" : " (dry run: checked, nothing written)";
        out.println("flashback --apply " + where + mode + ": " + o.applied() + " of " + o.transactions()
                + " transactions " + (command.execute ? "applied" : "would apply") + ", " + o.rows() + " rows"
                + (o.skipped() > 0 ? ", " + o.skipped() + " " + (o.stopped() ? "stopped at" : "skipped") : "")
                + (o.conflicts().isEmpty() ? "; no conflict." : "."));
        int shown = 0;
        for (FlashbackApply.Conflict c : o.conflicts()) {
            if (shown++ == CONFLICTS_SHOWN) {
                out.println("... " + (o.conflicts().size() - CONFLICTS_SHOWN) + " more");
                break;
            }
            var tx = c.transaction();
            out.println("conflict: transaction at " + tx.file() + ":" + tx.start()
                    + (tx.gtid() == null ? "" : " (gtid " + tx.gtid() + ")") + ", " + c.table() + ": " + c.reason());
            String sql = c.statement();
            out.println("  " + Texts.cut(sql, 300));
        }
        if (o.stopped()) {
            out.println("stopped at the first conflict (--on-conflict stop): the transactions after it in undo order"
                    + " were not " + (command.execute ? "applied" : "checked") + "; look at the row, then choose"
                    + " --on-conflict skip or narrow the range.");
        }
        if (o.uncheckedRows() > 0) {
            out.println("note: " + o.uncheckedRows() + " rows were checked against today's state only (more rows"
                    + " than a dry run remembers).");
        }
        if (command.execute) {
            out.println("audit: " + (command.auditLog != null ? command.auditLog : "~/.dbrescue/audit.jsonl"));
        }
        out.flush();
    }

    /** A one-line progress bar with ETA on the terminal; nothing when stderr is not one. */
    private static FlashbackApply.Progress progress(PrintWriter err) {
        if (System.console() == null) {
            return null;
        }
        long started = System.nanoTime();
        long[] last = {0};
        return (txDone, txTotal, rowsDone, rowsTotal) -> {
            long now = System.nanoTime();
            if (now - last[0] < 500_000_000L && txDone < txTotal) {
                return;
            }
            last[0] = now;
            double fraction = rowsTotal == 0 ? (double) txDone / Math.max(1, txTotal) : (double) rowsDone / rowsTotal;
            long elapsed = (now - started) / 1_000_000_000L;
            long eta = fraction <= 0 ? -1 : (long) (elapsed / fraction - elapsed);
            int width = 30;
            int filled = (int) Math.round(fraction * width);
            err.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + txDone + "/" + txTotal
                    + " transactions, " + rowsDone + "/" + rowsTotal + " rows" + (eta < 0 ? "" : ", " + eta + " s left")
                    + (txDone == txTotal ? "\n" : ""));
            err.flush();
        };
    }
}
