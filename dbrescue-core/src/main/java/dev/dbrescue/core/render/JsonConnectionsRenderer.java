package dev.dbrescue.core.render;

import dev.dbrescue.core.connections.ConnectionLimits;
import dev.dbrescue.core.connections.ConnectionsReport;
import dev.dbrescue.core.connections.Dimension;
import dev.dbrescue.core.connections.IdleTimeout;
import dev.dbrescue.core.connections.SessionGroup;
import dev.dbrescue.core.connections.Spread;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON contract of {@code dbrescue connections} (README): {@code used}, {@code max}, {@code usedRatio},
 * {@code groups} keyed by dimension, {@code findings[]} shaped as in {@code locks}. Names documented there never
 * change; new fields may be added. Counters the engine does not keep are null.
 */
public final class JsonConnectionsRenderer implements ConnectionsRenderer {

    @Override
    public void render(ConnectionsReport report, Writer out) throws IOException {
        JsonLocksRenderer.MAPPER.writeValue(out, toMap(report));
        out.write(System.lineSeparator());
        out.flush();
    }

    public static Map<String, Object> toMap(ConnectionsReport report) {
        var snapshot = report.snapshot();
        ConnectionLimits limits = report.limits();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("engine", snapshot.sessions().server().engine().jsonName());
        root.put("version", snapshot.sessions().server().version());
        root.put("capturedAt", snapshot.sessions().capturedAt().toString());
        root.put("headline", report.headline());
        root.put("used", limits.used());
        root.put("max", limits.max());
        root.put("usedRatio", round(limits.usedRatio()));
        root.put("headroom", limits.left());
        root.put("headroomRatio", round(limits.max() <= 0 ? 0 : (double) limits.left() / limits.max()));
        root.put("reserved", limits.reserved());
        root.put("reservedInUse", limits.reservedInUse());
        root.put("reservedFor", limits.reservedFor());
        root.put("maxConnections", limits.maxConnections());
        root.put("maxUsed", limits.maxUsed());
        root.put("refused", limits.refused());
        root.put("abortedConnects", limits.abortedConnects());
        root.put("uptimeSeconds", limits.uptimeSeconds());
        root.put("timeouts", limits.timeouts().stream().map(JsonConnectionsRenderer::timeout).toList());
        root.put("sessionCount", snapshot.sessions().sessions().size());
        Map<String, Object> groups = new LinkedHashMap<>();
        for (Dimension dimension : Dimension.values()) {
            groups.put(dimension.jsonName(), report.groups(dimension).stream().map(JsonConnectionsRenderer::group).toList());
        }
        root.put("groups", groups);
        root.put("findings", report.findings().stream().map(JsonLocksRenderer::finding).toList());
        root.put("limitations", snapshot.limitations().stream().map(JsonLocksRenderer::limitation).toList());
        root.put("queryCount", snapshot.queryCount());
        return root;
    }

    private static Map<String, Object> timeout(IdleTimeout t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.name());
        m.put("applies", t.applies().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        m.put("seconds", t.seconds());
        m.put("off", t.off());
        m.put("atDefault", t.atDefault());
        return m;
    }

    private static Map<String, Object> group(SessionGroup g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", g.name());
        m.put("count", g.count());
        m.put("busy", g.busy());
        m.put("idle", g.idle());
        m.put("idleInTransaction", g.idleInTransaction());
        m.put("waiting", g.waiting());
        m.put("idleSeconds", spread(g.idleSeconds()));
        m.put("transactionSeconds", spread(g.transactionSeconds()));
        m.put("sessionIds", g.sessionIds());
        return m;
    }

    private static Map<String, Object> spread(Spread s) {
        if (s == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("min", s.min());
        m.put("median", s.median());
        m.put("max", s.max());
        return m;
    }

    private static double round(double ratio) {
        return Math.round(ratio * 10_000) / 10_000.0;
    }
}
