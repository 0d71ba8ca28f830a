package dev.dbrescue.core.render;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dbrescue.core.analysis.LocksReport;
import dev.dbrescue.core.analysis.RootBlocker;
import dev.dbrescue.core.model.Finding;
import dev.dbrescue.core.model.Limitation;
import dev.dbrescue.core.model.LockRef;
import dev.dbrescue.core.model.LockWait;
import dev.dbrescue.core.model.Session;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON contract of {@code dbrescue locks} (README, "JSON output"). Names documented there never change; new
 * fields may be added. Session ids are numbers; absent values are null.
 */
public final class JsonLocksRenderer implements LocksRenderer {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    @Override
    public void render(LocksReport report, Writer out) throws IOException {
        MAPPER.writeValue(out, toMap(report));
        out.write(System.lineSeparator());
        out.flush();
    }

    public static Map<String, Object> toMap(LocksReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("engine", report.snapshot().server().engine().jsonName());
        root.put("version", report.snapshot().server().version());
        root.put("capturedAt", report.snapshot().capturedAt().toString());
        root.put("blocked", report.blocked());
        root.put("sessions", report.snapshot().sessions().stream().map(JsonLocksRenderer::session).toList());
        root.put("waits", report.snapshot().waits().stream().map(JsonLocksRenderer::waitEdge).toList());
        root.put("rootBlockers", report.rootBlockers().stream().map(JsonLocksRenderer::rootBlocker).toList());
        root.put("findings", report.findings().stream().map(JsonLocksRenderer::finding).toList());
        root.put("limitations", report.snapshot().limitations().stream().map(JsonLocksRenderer::limitation).toList());
        root.put("queryCount", report.snapshot().queryCount());
        return root;
    }

    static Map<String, Object> session(Session s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("user", s.user());
        m.put("host", s.host());
        m.put("database", s.database());
        m.put("application", s.application());
        m.put("state", s.state());
        m.put("busy", s.busy());
        m.put("inTransaction", s.inTransaction());
        m.put("idleInTransaction", s.idleInTransaction());
        m.put("transactionSeconds", s.transactionSeconds());
        m.put("idleSeconds", s.idleSeconds());
        m.put("querySeconds", s.querySeconds());
        m.put("query", s.query());
        m.put("transactionId", s.transactionId());
        m.put("rowsLocked", s.rowsLocked());
        m.put("rowsModified", s.rowsModified());
        return m;
    }

    private static Map<String, Object> waitEdge(LockWait w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("waiter", w.waiterId());
        m.put("blocker", w.blockerId());
        m.put("kind", w.kind().jsonName());
        LockRef lock = w.requested();
        m.put("lockType", lock == null ? null : lock.type());
        m.put("lockMode", lock == null ? null : lock.mode());
        m.put("object", lock == null ? null : lock.object());
        m.put("index", lock == null ? null : lock.index());
        m.put("lockData", lock == null ? null : lock.lockData());
        m.put("blockerLockMode", w.blocking() == null ? null : w.blocking().mode());
        m.put("waitSeconds", w.waitSeconds());
        return m;
    }

    private static Map<String, Object> rootBlocker(RootBlocker r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sessionId", r.sessionId());
        m.put("waiters", r.waiters());
        return m;
    }

    static Map<String, Object> finding(Finding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", f.kind().jsonName());
        m.put("severity", f.severity().jsonName());
        m.put("sessionIds", new ArrayList<>(f.sessionIds()));
        m.put("summary", f.summary());
        m.put("explanation", List.copyOf(f.explanation()));
        m.put("action", f.action());
        return m;
    }

    static Map<String, Object> limitation(Limitation l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("what", l.what());
        m.put("reason", l.reason());
        m.put("remedy", l.remedy());
        return m;
    }
}
