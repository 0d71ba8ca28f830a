package dev.dbrescue.core.render;

import dev.dbrescue.core.analysis.LocksReport;
import dev.dbrescue.core.analysis.RootBlocker;
import dev.dbrescue.core.analysis.finding.Durations;
import dev.dbrescue.core.model.Finding;
import dev.dbrescue.core.model.LockRef;
import dev.dbrescue.core.model.LockWait;
import dev.dbrescue.core.model.Session;

import java.io.IOException;
import java.io.Writer;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The default output: a blocking tree, root blockers first and their waiters nested, then the findings with the
 * first-aid SQL. Plain characters only, so it survives being pasted into an incident channel.
 */
public final class TextLocksRenderer implements LocksRenderer {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final int QUERY_WIDTH = 160;

    @Override
    public void render(LocksReport report, Writer out) throws IOException {
        Lines lines = new Lines(out);
        var snapshot = report.snapshot();
        lines.add(snapshot.server().engine().jsonName() + " " + snapshot.server().version() + " at "
                + TIME.format(snapshot.capturedAt()));
        long waiting = snapshot.waits().stream().map(LockWait::waiterId).distinct().count();
        lines.add(snapshot.sessions().size() + " sessions, " + waiting + " waiting, " + report.rootBlockers().size()
                + (report.rootBlockers().size() == 1 ? " root blocker" : " root blockers"));
        lines.add("");
        if (!report.blocked()) {
            lines.add("Nothing is blocked: no session waits for a lock.");
        } else {
            lines.add("BLOCKING TREE");
            Set<Long> printed = new HashSet<>();
            for (RootBlocker root : report.rootBlockers()) {
                printSession(lines, report, root.sessionId(), null, "", "", printed);
            }
            List<List<Long>> cycles = report.graph().cycles();
            for (List<Long> cycle : cycles) {
                lines.add("cycle: " + String.join(" -> ", cycle.stream().map(String::valueOf).toList()) + " -> " + cycle.get(0));
                for (Long id : cycle) {
                    if (!printed.contains(id)) {
                        printSession(lines, report, id, null, "", "", printed);
                    }
                }
            }
        }
        if (!report.findings().isEmpty()) {
            lines.add("");
            lines.add("FINDINGS");
            Set<String> explained = new HashSet<>();
            for (Finding f : report.findings()) {
                printFinding(lines, f, explained);
            }
        }
        out.flush();
    }

    private void printSession(Lines lines, LocksReport report, long id, LockWait via, String firstPrefix, String prefix,
                              Set<Long> printed) throws IOException {
        Session s = report.snapshot().session(id).orElse(null);
        if (!printed.add(id)) {
            lines.add(firstPrefix + "[" + id + "] (shown above)");
            return;
        }
        lines.add(firstPrefix + "[" + id + "] " + header(s, via));
        String detail = prefix + "      ";
        if (via != null && via.requested() != null) {
            lines.add(detail + "waits for " + describe(via.requested()) + (via.blocking() == null ? ""
                    : ", blocked by " + via.blocking().mode() + " of [" + via.blockerId() + "]")
                    + (via.kind() == dev.dbrescue.core.model.WaitKind.QUEUED ? " (queued behind its request)" : ""));
        }
        if (s != null && s.query() != null) {
            lines.add(detail + (s.busy() ? "running: " : "last: ") + Durations.oneLine(s.query(), QUERY_WIDTH));
        }
        List<Long> waiters = report.graph().directWaiters(id);
        for (int i = 0; i < waiters.size(); i++) {
            boolean last = i == waiters.size() - 1;
            long waiter = waiters.get(i);
            LockWait edge = report.graph().waitsOf(waiter).stream().filter(w -> w.blockerId() == id).findFirst().orElse(null);
            printSession(lines, report, waiter, edge, prefix + (last ? " `- " : " |- "), prefix + (last ? "    " : " |  "), printed);
        }
    }

    static String header(Session s, LockWait via) {
        if (s == null) {
            return "(session not visible)";
        }
        StringBuilder h = new StringBuilder();
        h.append(s.user() == null ? "?" : s.user());
        if (s.host() != null) {
            h.append('@').append(s.host());
        }
        if (s.database() != null) {
            h.append(" db=").append(s.database());
        }
        if (s.application() != null && !s.application().isEmpty()) {
            h.append(" app=").append(s.application());
        }
        h.append("  ").append(s.state() == null ? "" : s.state());
        if (s.inTransaction()) {
            h.append("  trx ").append(Durations.seconds(s.transactionSeconds()));
        }
        if (!s.busy() && s.idleSeconds() != null) {
            h.append("  idle ").append(Durations.seconds(s.idleSeconds()));
        }
        if (via != null && via.waitSeconds() != null) {
            h.append("  waiting ").append(Durations.seconds(via.waitSeconds()));
        }
        if (s.rowsLocked() != null && (s.rowsLocked() > 0 || (s.rowsModified() != null && s.rowsModified() > 0))) {
            h.append("  rows locked ").append(s.rowsLocked()).append(", modified ").append(s.rowsModified());
        }
        return h.toString();
    }

    private static String describe(LockRef lock) {
        return lock.mode() + " " + lock.type().toLowerCase(java.util.Locale.ROOT) + " lock on " + lock.describeObject();
    }

    /** Prints a finding with every session id; an explanation already printed for an earlier finding is not repeated. */
    private static void printFinding(Lines lines, Finding f, Set<String> explained) throws IOException {
        for (String line : FindingLines.of(f, explained, Integer.MAX_VALUE)) {
            lines.add(line);
        }
    }

    /** Writes lines with the platform's separator. */
    private record Lines(Writer out) {
        void add(String line) throws IOException {
            out.write(line);
            out.write(System.lineSeparator());
        }
    }
}
