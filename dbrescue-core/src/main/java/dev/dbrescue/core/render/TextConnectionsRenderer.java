package dev.dbrescue.core.render;

import dev.dbrescue.core.analysis.finding.Durations;
import dev.dbrescue.core.connections.ConnectionLimits;
import dev.dbrescue.core.connections.ConnectionsReport;
import dev.dbrescue.core.connections.Dimension;
import dev.dbrescue.core.connections.IdleTimeout;
import dev.dbrescue.core.connections.SessionGroup;
import dev.dbrescue.core.connections.Spread;
import dev.dbrescue.core.model.Finding;
import dev.dbrescue.core.model.Limitation;

import java.io.IOException;
import java.io.Writer;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The default output of {@code dbrescue connections}: the headline first (pasteable into an incident channel as
 * is), the limits, counters and timeouts, a table per dimension, then the findings with their SQL. Plain characters.
 */
public final class TextConnectionsRenderer implements ConnectionsRenderer {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    /** Rows per dimension; the rest are summed up in one line. */
    static final int ROWS = 10;
    private static final int NAME_WIDTH = 28;
    private static final int IDS_SHOWN = 12;

    @Override
    public void render(ConnectionsReport report, Writer out) throws IOException {
        List<String> lines = new ArrayList<>();
        var server = report.snapshot().sessions().server();
        ConnectionLimits limits = report.limits();
        lines.add(report.headline());
        lines.add(server.engine().jsonName() + " " + server.version() + " at " + TIME.format(report.snapshot().sessions().capturedAt()));
        lines.add("limit: max_connections " + limits.maxConnections() + ", " + limits.max() + " for ordinary accounts"
                + (limits.reserved() > 0 ? " and " + limits.reserved() + " more for " + limits.reservedFor() : "")
                + "; used counts dbrescue's own connection");
        lines.add(counters(limits));
        if (!limits.timeouts().isEmpty()) {
            lines.add("timeouts: " + String.join(", ", limits.timeouts().stream().map(TextConnectionsRenderer::timeout).toList()));
        }
        for (Limitation l : report.snapshot().limitations()) {
            lines.add("not seen: " + l.what() + " (" + l.reason() + ")");
        }
        if (report.snapshot().sessions().sessions().isEmpty()) {
            lines.add("");
            lines.add("No session but dbrescue's own.");
        } else {
            for (Dimension dimension : Dimension.values()) {
                lines.add("");
                table(lines, dimension, report.groups(dimension));
            }
        }
        if (!report.findings().isEmpty()) {
            lines.add("");
            lines.add("FINDINGS");
            Set<String> explained = new HashSet<>();
            for (Finding f : report.findings()) {
                lines.addAll(FindingLines.of(f, explained, IDS_SHOWN));
            }
        }
        for (String line : lines) {
            out.write(line);
            out.write(System.lineSeparator());
        }
        out.flush();
    }

    private static String counters(ConnectionLimits limits) {
        String since = limits.uptimeSeconds() == null ? "since start"
                : "since start (" + Durations.seconds(limits.uptimeSeconds().doubleValue()) + " ago)";
        if (limits.maxUsed() == null && limits.refused() == null && limits.abortedConnects() == null) {
            return since + ": this server counts neither its peak nor its refusals (they are only in its log)";
        }
        return since + ": peak " + orUnknown(limits.maxUsed()) + ", refused for being full " + orUnknown(limits.refused())
                + ", aborted connects " + orUnknown(limits.abortedConnects());
    }

    private static String orUnknown(Long value) {
        return value == null ? "not counted" : value.toString();
    }

    private static String timeout(IdleTimeout t) {
        if (t.off()) {
            return t.name() + " 0 (off)";
        }
        return t.name() + " " + Math.round(t.seconds()) + " s" + (t.seconds() >= 120 ? " (" + Durations.seconds(t.seconds())
                + (t.atDefault() ? ", default)" : ")") : t.atDefault() ? " (default)" : "");
    }

    private static void table(List<String> lines, Dimension dimension, List<SessionGroup> groups) {
        lines.add(String.format(Locale.ROOT, "%-" + NAME_WIDTH + "s %8s %5s %5s %11s %7s  %-23s %s", "BY " + dimension.jsonName().toUpperCase(Locale.ROOT),
                "sessions", "busy", "idle", "idle-in-trx", "waiting", "idle min/median/max", "trx min/median/max"));
        for (int i = 0; i < Math.min(ROWS, groups.size()); i++) {
            SessionGroup g = groups.get(i);
            lines.add(String.format(Locale.ROOT, "%-" + NAME_WIDTH + "s %8d %5d %5d %11d %7d  %-23s %s", name(g.name()), g.count(),
                    g.busy(), g.idle(), g.idleInTransaction(), g.waiting(), spread(g.idleSeconds()), spread(g.transactionSeconds())).stripTrailing());
        }
        if (groups.size() > ROWS) {
            int rest = groups.subList(ROWS, groups.size()).stream().mapToInt(SessionGroup::count).sum();
            lines.add("... and " + (groups.size() - ROWS) + " more (" + rest + " sessions)");
        }
    }

    private static String name(String name) {
        if (name == null) {
            return "(none)";
        }
        String flat = name.replaceAll("\\s+", " ");
        if (flat.length() <= NAME_WIDTH) {
            return flat;
        }
        // Cut in the middle: names often differ only at the end (app-worker-1, app-worker-2).
        int head = (NAME_WIDTH - 1) / 2;
        return flat.substring(0, head) + "…" + flat.substring(flat.length() - (NAME_WIDTH - 1 - head));
    }

    private static String spread(Spread s) {
        if (s == null) {
            return "-";
        }
        return compact(s.min()) + " / " + compact(s.median()) + " / " + compact(s.max());
    }

    /** "42s", "4m59s", "2h03m", "3d04h": short enough for a table column. */
    static String compact(double seconds) {
        long s = Math.round(seconds);
        if (s < 120) {
            return s + "s";
        }
        if (s < 7200) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        if (s < 172_800) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", s / 86_400, s % 86_400 / 3600);
    }
}
