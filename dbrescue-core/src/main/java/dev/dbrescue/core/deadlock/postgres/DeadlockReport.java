package dev.dbrescue.core.deadlock.postgres;

import dev.dbrescue.core.render.Texts;
import dev.dbrescue.core.deadlock.Deadlock;
import dev.dbrescue.core.deadlock.DeadlockLock;
import dev.dbrescue.core.deadlock.DeadlockTransaction;
import dev.dbrescue.core.deadlock.LockKind;
import dev.dbrescue.core.deadlock.ParseWarning;
import dev.dbrescue.core.deadlock.TextScan;
import dev.dbrescue.core.model.Engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads one {@code ERROR:  deadlock detected} message. Its server-log DETAIL (deadlock.c {@code DeadLockReport})
 * lists the cycle, one edge per line, starting with the process that detected it, then each process's statement
 * as pg_stat_activity showed it (cut at track_activity_query_size):
 * <pre>
 * Process 30203 waits for ShareLock on transaction 728; blocked by process 30202.
 * Process 30202 waits for ShareLock on transaction 729; blocked by process 30203.
 * Process 30203: UPDATE accounts ...
 * Process 30202: UPDATE accounts ...
 * </pre>
 * The process that logs the error is the one whose transaction is aborted: the victim. The other side of each edge
 * holds what the waiter wants, in a conflicting mode the log does not name (null), except for transaction locks:
 * every transaction holds ExclusiveLock on its own (virtual) transaction id, and an inserter on its speculative
 * token (see the pg_locks documentation). A process blocking a wait for {@code transaction X} is transaction X.
 */
final class DeadlockReport {

    private static final String WAITS_FOR = " waits for ";
    private static final String BLOCKED_BY = "; blocked by process ";
    /** pgstat_get_backend_current_activity's placeholders instead of a statement. */
    private static final Set<String> NO_STATEMENT = Set.of("<insufficient privilege>",
            "<backend information not available>", "<command string not enabled>");

    record Edge(long waiter, String mode, String object, long blocker) {
    }

    /** A {@code Process 30203: UPDATE ...} line: a process and (the first line of) its statement. */
    record Statement(long pid, String text) {
    }

    private DeadlockReport() {
    }

    /**
     * The deadlock, or null (with a warning) when the message says too little to name any process.
     *
     * @param victimWait what the logging process said it waited for in its {@code detected deadlock while waiting
     *                   for} line, used when the error has no DETAIL; may be null
     */
    static Deadlock read(LogEntry entry, String source, Consumer<ParseWarning> warnings, DeadlockLock victimWait) {
        List<Edge> edges = new ArrayList<>();
        Map<Long, StringBuilder> statements = new LinkedHashMap<>();
        if (entry.detail() != null) {
            parseDetail(entry, source, warnings, edges, statements);
        }
        if (edges.isEmpty()) {
            warnings.accept(new ParseWarning(source, entry.line(), "deadlock detected without the DETAIL lines"
                    + " that name the waits (log_error_verbosity=terse, or a cut log): only the victim is known"));
        }
        Long victim = victim(entry, edges);
        if (victim == null) {
            return null;
        }
        Set<Long> pids = new LinkedHashSet<>();
        edges.forEach(e -> pids.add(e.waiter()));
        edges.forEach(e -> pids.add(e.blocker()));
        pids.addAll(statements.keySet());
        pids.add(victim);
        String contextRelation = LockObjects.contextRelation(entry.context());
        List<DeadlockTransaction> transactions = new ArrayList<>();
        for (long pid : pids) {
            DeadlockTransaction transaction = transaction(pid, pid == victim, entry, edges, statements,
                    contextRelation);
            if (transaction.victim() && transaction.waitingFor() == null && victimWait != null) {
                transaction = new DeadlockTransaction(transaction.trxId(), pid, transaction.user(),
                        transaction.host(), null, null, null, null, null, null, null, transaction.query(),
                        transaction.holds(), victimWait, true);
            }
            transactions.add(transaction);
        }
        return new Deadlock(Engine.POSTGRESQL, entry.time().instant(), entry.time().text(), victim, transactions,
                false, source, entry.line());
    }

    private static void parseDetail(LogEntry entry, String source, Consumer<ParseWarning> warnings,
                                    List<Edge> edges, Map<Long, StringBuilder> statements) {
        StringBuilder statement = null;
        for (String line : entry.detail().split("\n", -1)) {
            if (statement == null) {
                Edge edge = edge(line);
                if (edge != null) {
                    edges.add(edge);
                    continue;
                }
            }
            Statement process = statement(line);
            Long pid = process == null ? null : process.pid();
            if (pid != null && (statement == null || !statements.containsKey(pid))) {
                statement = new StringBuilder(process.text());
                statements.put(pid, statement);
            } else if (statement != null) {
                statement.append('\n').append(line); // the statement goes on over several lines
            } else if (!line.isBlank()) {
                warnings.accept(new ParseWarning(source, entry.line(),
                        "unexpected line in a deadlock DETAIL: " + shorten(line)));
            }
        }
    }

    /**
     * A line of the cycle, read by hand as the regular expression {@code Process (\d{1,18}) waits for (\S+) on (.+);
     * blocked by process (\d{1,18})\.?} reads a whole line; null when the line is not one.
     */
    static Edge edge(String line) {
        int waiterEnd = processEnd(line);
        if (waiterEnd < 0 || !line.startsWith(WAITS_FOR, waiterEnd)) {
            return null;
        }
        int modeStart = waiterEnd + WAITS_FOR.length();
        int modeEnd = modeStart;
        while (modeEnd < line.length() && !TextScan.isSpace(line.charAt(modeEnd))) {
            modeEnd++;
        }
        if (modeEnd == modeStart || !line.startsWith(" on ", modeEnd)) {
            return null;
        }
        // the line ends with the blocker's number and maybe a dot; the object is everything before
        int end = line.endsWith(".") ? line.length() - 1 : line.length();
        int blocker = end;
        while (blocker > 0 && TextScan.isDigit(line.charAt(blocker - 1))) {
            blocker--;
        }
        int blockedBy = blocker - BLOCKED_BY.length();
        int objectStart = modeEnd + 4;
        if (blocker == end || end - blocker > 18 || blockedBy <= objectStart || !line.startsWith(BLOCKED_BY, blockedBy)
                || !TextScan.dots(line, objectStart, blockedBy)) {
            return null;
        }
        return new Edge(Long.parseLong(line, 8, waiterEnd, 10), line.substring(modeStart, modeEnd),
                line.substring(objectStart, blockedBy), Long.parseLong(line, blocker, end, 10));
    }

    /** A statement line, read as {@code Process (\d{1,18}): ?(.*)} reads a whole line; null when it is not one. */
    static Statement statement(String line) {
        int pidEnd = processEnd(line);
        if (pidEnd < 0 || !line.startsWith(":", pidEnd)) {
            return null;
        }
        int text = line.startsWith(" ", pidEnd + 1) ? pidEnd + 2 : pidEnd + 1;
        return TextScan.dotsToEnd(line, text) ? new Statement(Long.parseLong(line, 8, pidEnd, 10),
                line.substring(text)) : null;
    }

    /** After {@code Process } and a pid of 1 to 18 digits at the start of the line: where the pid ends, else -1. */
    private static int processEnd(String line) {
        if (!line.startsWith("Process ")) {
            return -1;
        }
        int end = TextScan.digitsEnd(line, 8);
        return end == 8 || end - 8 > 18 ? -1 : end;
    }

    /**
     * The pid that logged the error; when the prefix shows no pid (or a number that is not in the cycle, as a
     * misread prefix would give), the first waiter: DeadLockReport starts the cycle with the detecting process.
     */
    private static Long victim(LogEntry entry, List<Edge> edges) {
        if (edges.isEmpty()) {
            return entry.pid();
        }
        if (entry.pid() != null && edges.stream().anyMatch(e -> e.waiter() == entry.pid())) {
            return entry.pid();
        }
        return edges.get(0).waiter();
    }

    private static DeadlockTransaction transaction(long pid, boolean victim, LogEntry entry, List<Edge> edges,
                                                   Map<Long, StringBuilder> statements, String contextRelation) {
        DeadlockLock waitingFor = null;
        List<DeadlockLock> holds = new ArrayList<>();
        String trxId = null;
        for (Edge edge : edges) {
            if (edge.waiter() == pid && waitingFor == null) {
                waitingFor = LockObjects.lock(edge.mode(), edge.object(), victim ? contextRelation : null);
            }
            if (edge.blocker() == pid) {
                DeadlockLock wanted = LockObjects.lock(edge.mode(), edge.object(), null);
                String mode = wanted.kind() == LockKind.TRANSACTION ? "ExclusiveLock" : null;
                holds.add(new DeadlockLock(wanted.table(), null, mode, wanted.kind(), false, wanted.object(),
                        List.of()));
                if (trxId == null) {
                    trxId = LockObjects.transactionId(edge.object());
                }
            }
        }
        if (victim && trxId == null && entry.xid() != null && !entry.xid().equals("0")) {
            trxId = entry.xid();
        }
        String query = statements.containsKey(pid) ? statements.get(pid).toString() : null;
        if (query != null && NO_STATEMENT.contains(query.strip())) {
            query = null;
        }
        if (victim && query == null) {
            query = entry.statement();
        }
        return new DeadlockTransaction(trxId, pid, victim ? entry.user() : null, victim ? entry.host() : null,
                null, null, null, null, null, null, null, query, holds, waitingFor, victim);
    }

    private static String shorten(String text) {
        return Texts.cut(text, 80);
    }
}
