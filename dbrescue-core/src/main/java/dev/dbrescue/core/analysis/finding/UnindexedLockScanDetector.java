package dev.dbrescue.core.analysis.finding;

import dev.dbrescue.core.model.Finding;
import dev.dbrescue.core.model.FindingKind;
import dev.dbrescue.core.model.LockWait;
import dev.dbrescue.core.model.Session;
import dev.dbrescue.core.model.Severity;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code unindexed-lock-scan}: a transaction holding far more row locks than rows it changed. Seed 03: InnoDB locks
 * every row a statement reads to find its targets, so an UPDATE or DELETE whose WHERE column has no index locks the
 * whole table and blocks writers of unrelated rows. Only engines that count row locks (InnoDB) can show it.
 */
final class UnindexedLockScanDetector implements FindingDetector {

    /** {@code UPDATE t SET ... WHERE col ...}, {@code DELETE FROM t WHERE col ...}, {@code SELECT ... FROM t WHERE col ... FOR UPDATE}. */
    private static final Pattern WHERE_COLUMN = Pattern.compile(
            "(?is)^\\s*(?:update\\s+([`\"\\w.]+).*?|delete\\s+from\\s+([`\"\\w.]+).*?|select\\s.*?\\sfrom\\s+([`\"\\w.]+).*?)"
                    + "\\swhere\\s+\\(?\\s*([`\"\\w.]+)\\s*(?:=|<|>|<=|>=|in\\b|like\\b|between\\b)");

    @Override
    public List<Finding> detect(AnalysisContext context) {
        List<Finding> findings = new ArrayList<>();
        for (Session session : context.snapshot().sessions()) {
            Long locked = session.rowsLocked();
            if (locked == null || locked < context.options().unindexedMinRowLocks()) {
                continue;
            }
            long modified = session.rowsModified() == null ? 0 : session.rowsModified();
            if (locked < context.options().unindexedLockRatio() * Math.max(1, modified)) {
                continue;
            }
            boolean blocking = context.graph().isBlocking(session.id());
            List<Long> ids = new ArrayList<>();
            ids.add(session.id());
            ids.addAll(context.graph().allWaitersBehind(session.id()));
            List<String> why = new ArrayList<>();
            why.add("InnoDB locks every row a statement examines, not only the rows it changes: " + locked
                    + " row locks for " + modified + (modified == 1 ? " modified row" : " modified rows")
                    + " means a scan without a usable index, which locks rows other transactions need.");
            why.addAll(context.whyWaitersWait(session.id(), 3));
            String table = tableOf(context, session).orElse(null);
            Optional<String> index = indexSuggestion(session.query());
            why.add(index.map(sql -> "Add an index on the WHERE column: " + sql)
                    .orElse("Add an index on the column the statement filters on" + (table == null ? "" : " (table " + table + ")")
                            + "; EXPLAIN the statement to confirm it no longer scans."));
            findings.add(new Finding(FindingKind.UNINDEXED_LOCK_SCAN, blocking ? Severity.CRITICAL : Severity.WARNING, ids,
                    RootBlockerDetector.capitalize(context.label(session.id())) + " holds " + locked + " row locks but changed "
                            + modified + (modified == 1 ? " row" : " rows")
                            + (table == null ? "" : " in " + table) + (blocking ? ", and blocks others." : "."),
                    why,
                    blocking ? context.terminateAction(session.id()) : index.orElse("EXPLAIN the statement and add the missing index")));
        }
        return findings;
    }

    /** The table named by a lock someone waits for on this session, else by the session's own held locks. */
    private static Optional<String> tableOf(AnalysisContext context, Session session) {
        for (LockWait wait : context.graph().waitsFor(session.id())) {
            if (wait.requested() != null && wait.requested().table() != null) {
                return Optional.of(wait.requested().object());
            }
        }
        return context.snapshot().heldLocks().stream()
                .filter(h -> h.sessionId() == session.id() && h.lock().table() != null)
                .map(h -> h.lock().object()).findFirst();
    }

    /** {@code CREATE INDEX idx_col ON t (col)} from the statement's first WHERE column, when it can be read. */
    static Optional<String> indexSuggestion(String query) {
        if (query == null) {
            return Optional.empty();
        }
        Matcher m = WHERE_COLUMN.matcher(query);
        if (!m.find()) {
            return Optional.empty();
        }
        String table = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
        String column = m.group(4);
        int dot = column.lastIndexOf('.');
        if (dot >= 0) {
            column = column.substring(dot + 1);
        }
        String bare = column.replaceAll("[`\"]", "");
        return Optional.of("CREATE INDEX idx_" + bare + " ON " + table + " (" + column + ")");
    }
}
