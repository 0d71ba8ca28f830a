package dev.dbrescue.core.analysis.finding;

import dev.dbrescue.core.analysis.LocksOptions;
import dev.dbrescue.core.analysis.WaitForGraph;
import dev.dbrescue.core.analysis.explain.LockSemantics;
import dev.dbrescue.core.model.Engine;
import dev.dbrescue.core.model.LockWait;
import dev.dbrescue.core.model.Session;
import dev.dbrescue.core.model.Snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What every detector reads: the snapshot, the graph computed once, the thresholds, the engine's lock vocabulary. */
public record AnalysisContext(Snapshot snapshot, WaitForGraph graph, LocksOptions options, LockSemantics semantics,
                              Map<Long, Session> sessionsById) {

    public static AnalysisContext of(Snapshot snapshot, WaitForGraph graph, LocksOptions options) {
        Map<Long, Session> byId = snapshot.sessions().stream()
                .collect(Collectors.toMap(Session::id, Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));
        return new AnalysisContext(snapshot, graph, options, LockSemantics.of(snapshot.server().engine()), byId);
    }

    public Engine engine() {
        return snapshot.server().engine();
    }

    public Optional<Session> session(long id) {
        return Optional.ofNullable(sessionsById.get(id));
    }

    /** "session 12 (app@10.0.0.5, db shop)", or just "session 12" when the snapshot does not show it. */
    public String label(long id) {
        return session(id).map(AnalysisContext::label).orElse("session " + id);
    }

    /** "session 12 (app@10.0.0.5, db shop)". */
    public static String label(Session s) {
        StringBuilder who = new StringBuilder();
        if (s.user() != null) {
            who.append(s.user());
            if (s.host() != null) {
                who.append('@').append(s.host());
            }
        }
        if (s.database() != null) {
            who.append(who.length() > 0 ? ", " : "").append("db ").append(s.database());
        }
        return "session " + s.id() + (who.length() > 0 ? " (" + who + ")" : "");
    }

    /** Why each direct waiter of this blocker waits, one sentence per distinct waiter, at most {@code limit}. */
    public List<String> whyWaitersWait(long blockerId, int limit) {
        List<String> lines = new ArrayList<>();
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (LockWait wait : graph.waitsFor(blockerId)) {
            if (seen.add(wait.waiterId())) {
                if (lines.size() == limit) {
                    lines.add("... and " + (graph.directWaiters(blockerId).size() - limit) + " more direct waiters.");
                    break;
                }
                lines.add(semantics.explain(wait));
            }
        }
        return lines;
    }

    /** The first-aid statement for a blocker, with what it costs. */
    public String terminateAction(long sessionId) {
        String sql = engine().terminateSql(sessionId);
        Session s = sessionsById.get(sessionId);
        if (s != null && s.rowsModified() != null && s.rowsModified() > 0) {
            return sql + "   -- rolls back its open transaction (" + s.rowsModified()
                    + (s.rowsModified() == 1 ? " row" : " rows") + " modified)";
        }
        if (s != null && s.inTransaction()) {
            return sql + "   -- rolls back its open transaction";
        }
        return sql;
    }
}
