package dev.dbrescue.core.render;

import dev.dbrescue.core.action.Candidate;
import dev.dbrescue.core.action.KillAction;
import dev.dbrescue.core.action.KillMode;
import dev.dbrescue.core.action.KillPlan;
import dev.dbrescue.core.action.KillReport;
import dev.dbrescue.core.action.KillResult;
import dev.dbrescue.core.action.Spared;
import dev.dbrescue.core.analysis.finding.Durations;
import dev.dbrescue.core.model.Limitation;
import dev.dbrescue.core.model.Session;

import java.io.IOException;
import java.io.Writer;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code dbrescue kill} as text: what it would end or ended, why, what each kill rolls back, and what it left alone.
 * Plain characters only, so that it can be pasted into an incident channel.
 */
public final class TextKillRenderer implements KillRenderer {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final int QUERY_WIDTH = 160;
    /** A rollback this large holds its locks long enough to be worth a warning. */
    private static final long LARGE_ROLLBACK_ROWS = 100_000;

    @Override
    public void render(KillReport report, Writer out) throws IOException {
        KillPlan plan = report.plan();
        List<String> lines = new ArrayList<>();
        lines.add(plan.snapshot().server().engine().jsonName() + " " + plan.snapshot().server().version() + " at "
                + TIME.format(plan.snapshot().capturedAt()) + "  policy: " + plan.policy().describe());
        lines.add(summary(report));
        for (int i = 0; i < plan.selected().size(); i++) {
            Candidate c = plan.selected().get(i);
            lines.add("");
            lines.add("[" + c.id() + "] " + TextLocksRenderer.header(c.session(), null));
            lines.add("      why:  " + String.join("; ", c.reasons()));
            Session s = c.session();
            lines.add("      " + (s.query() == null ? "statement: not shown by the server" : (s.busy() ? "running: " : "last: ")
                    + Durations.oneLine(s.query(), QUERY_WIDTH)));
            lines.add("      " + consequence(s, plan.policy().mode()));
            KillAction action = i < report.actions().size() ? report.actions().get(i) : null;
            lines.add(action == null ? "      do:   " + plan.sql(c) + (report.executed() ? "   (not done: stopped)" : "")
                    : "      done: " + action.sql() + " -> " + action.result().jsonName()
                    + (action.detail() == null ? "" : ": " + action.detail()));
        }
        if (!plan.selection().spared().isEmpty()) {
            lines.add("");
            lines.add("LEFT ALONE (the policy matched them, but they are protected)");
            for (Spared s : plan.selection().spared()) {
                lines.add("[" + s.session().id() + "] " + (s.session().user() == null ? "?" : s.session().user())
                        + (s.session().host() == null ? "" : "@" + s.session().host()) + "  " + s.why());
            }
        }
        if (plan.refusal() != null && report.stage() == KillReport.Stage.DRY_RUN) {
            lines.add("");
            lines.add("NOT ALLOWED: " + plan.refusal() + "; --execute would be refused");
        }
        for (Limitation l : plan.limitations()) {
            lines.add("blind spot: " + l.what() + ": " + l.reason() + "; do: " + l.remedy());
        }
        for (String line : lines) {
            out.write(line);
            out.write(System.lineSeparator());
        }
        out.flush();
    }

    private static String summary(KillReport report) {
        int selected = report.plan().selected().size();
        String sessions = selected + (selected == 1 ? " session" : " sessions");
        if (selected == 0) {
            return "No session to end: none matches the policy" + (report.plan().selection().spared().isEmpty() ? "." : " and is unprotected.");
        }
        if (report.stage() == KillReport.Stage.CONFIRMING) {
            return sessions + " to end" + (report.plan().policy().mode() == KillMode.QUERY ? " (statement cancelled)" : "")
                    + "; nothing is done until you confirm.";
        }
        if (!report.executed()) {
            return "Dry run: " + sessions + " would be ended" + (report.plan().policy().mode() == KillMode.QUERY ? " (statement cancelled)" : "")
                    + "; nothing was done. Add --execute to act.";
        }
        List<String> parts = new ArrayList<>();
        for (KillResult r : KillResult.values()) {
            long n = report.count(r);
            if (n > 0) {
                parts.add(n + " " + r.jsonName());
            }
        }
        return sessions + " selected: " + (parts.isEmpty() ? "none acted on (stopped)" : String.join(", ", parts)) + ".";
    }

    /** What ending the session undoes: the point of showing it before anyone types --execute. */
    private static String consequence(Session s, KillMode mode) {
        if (mode == KillMode.QUERY) {
            return s.inTransaction()
                    ? "cancelling stops the statement; its transaction (open " + Durations.seconds(s.transactionSeconds())
                    + ") and every lock it holds stay until the client ends it"
                    : "cancelling stops the statement; the session stays";
        }
        if (!s.inTransaction()) {
            return "no open transaction: nothing to roll back; the client loses its connection";
        }
        String open = "its transaction, open " + Durations.seconds(s.transactionSeconds());
        if (s.rowsModified() == null) {
            return "ending it rolls back " + open + " (the server does not count the rows it changed)";
        }
        String rows = String.format(Locale.ROOT, "%,d", s.rowsModified());
        return "ending it rolls back " + open + ", and the " + rows + " row" + (s.rowsModified() == 1 ? "" : "s") + " it modified"
                + (s.rowsModified() >= LARGE_ROLLBACK_ROWS ? ": a large rollback keeps its locks until done and can take as long as the changes did" : "");
    }
}
