package dev.dbrescue.mysql;

import dev.dbrescue.core.deadlock.EarlierStatements;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Finds, in one thread's statement history, the statement a deadlock report shows and the statements its transaction
 * ran before it. Two ways, best first:
 * <ul>
 * <li><b>By transaction event</b> (MySQL 8 by default; MariaDB when the {@code transaction} instrument and the
 *     events_transactions_current consumer are on): the statements nested in the same transaction event, from the
 *     one that began it. Exact, autocommit included.</li>
 * <li><b>By boundaries</b>: back from the deadlocked statement to the BEGIN that opened the transaction or the COMMIT,
 *     ROLLBACK or DDL that ended the one before, never further back than the transaction's age allows. Statements run
 *     in autocommit mode just before may be taken in, so the answer is called complete only when a BEGIN was found.</li>
 * </ul>
 */
final class TransactionStatements {

    /** ER_LOCK_DEADLOCK: the victim's statement ends with it. */
    static final int ER_LOCK_DEADLOCK = 1213;
    static final long PICOS_PER_SECOND = 1_000_000_000_000L;

    /** Below this length, statements must match whole: a short text is a prefix of too much. */
    private static final int PREFIX_MATCH_MIN = 64;
    private static final Pattern SPACE = Pattern.compile("\\s+");
    private static final Pattern LEADING_COMMENTS = Pattern.compile("^(\\s*/\\*.*?\\*/)*\\s*", Pattern.DOTALL);

    private TransactionStatements() {
    }

    /**
     * Where the statement the report shows is in {@code history} (oldest first), or -1. The victim's is the latest
     * one with that text that failed with ER_LOCK_DEADLOCK; another transaction's is the latest one with that text
     * that had started by {@code detectedAt} (the performance_schema clock; null: any).
     */
    static int anchor(List<HistoricStatement> history, String query, boolean victim, Long detectedAt) {
        if (query == null) {
            return -1;
        }
        String wanted = squeeze(query);
        if (victim) {
            for (int i = history.size() - 1; i >= 0; i--) {
                HistoricStatement s = history.get(i);
                if (s.errno() == ER_LOCK_DEADLOCK && sameStatement(s.sql(), wanted)) {
                    return i;
                }
            }
        }
        for (int i = history.size() - 1; i >= 0; i--) {
            HistoricStatement s = history.get(i);
            boolean startedInTime = detectedAt == null || s.timerStart() == null || s.timerStart() <= detectedAt;
            if (startedInTime && sameStatement(s.sql(), wanted)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * When the server detected the deadlock, on the performance_schema clock: the moment the victim's statement
     * failed with ER_LOCK_DEADLOCK. Null when the victim's history does not show it.
     */
    static Long detectedAt(List<HistoricStatement> victimHistory, String victimQuery) {
        int i = anchor(victimHistory, victimQuery, true, null);
        if (i < 0) {
            return null;
        }
        HistoricStatement s = victimHistory.get(i);
        return s.errno() == ER_LOCK_DEADLOCK ? s.timerEnd() : null;
    }

    /**
     * The statements before {@code history[anchor]} in its transaction, oldest first.
     *
     * @param transactionsInstrumented statements carry their transaction event (see the class comment)
     * @param notBefore                on the performance_schema clock, the earliest the transaction can have begun
     *                                 (detection time less its age, less a second for rounding); null: unknown
     */
    static EarlierStatements earlier(List<HistoricStatement> history, int anchor, boolean transactionsInstrumented,
                                     Long notBefore) {
        HistoricStatement deadlocked = history.get(anchor);
        if (transactionsInstrumented) {
            return deadlocked.inTransaction() ? byTransactionEvent(history, anchor)
                    // The transaction event nests in the statement that began it: this one.
                    : new EarlierStatements(List.of(), true);
        }
        return byBoundaries(history, anchor, notBefore);
    }

    private static EarlierStatements byTransactionEvent(List<HistoricStatement> history, int anchor) {
        long transaction = history.get(anchor).nestingEventId();
        Deque<String> out = new ArrayDeque<>();
        for (int i = anchor - 1; i >= 0; i--) {
            HistoricStatement s = history.get(i);
            if (s.inTransaction() && s.nestingEventId() == transaction) {
                out.addFirst(text(s));
            } else if (s.encloses(transaction)) {
                out.addFirst(text(s));
                return new EarlierStatements(List.copyOf(out), true);
            } else if (s.eventId() < transaction) {
                // Older than the transaction, yet the statement that began it is missing (not kept): the first
                // statement, which may well have taken locks, is unknown.
                return new EarlierStatements(List.copyOf(out), false);
            }
        }
        return new EarlierStatements(List.copyOf(out), false);
    }

    private static EarlierStatements byBoundaries(List<HistoricStatement> history, int anchor, Long notBefore) {
        Deque<String> out = new ArrayDeque<>();
        for (int i = anchor - 1; i >= 0; i--) {
            HistoricStatement s = history.get(i);
            if (notBefore != null && s.timerEnd() != null && s.timerEnd() < notBefore) {
                return new EarlierStatements(List.copyOf(out), false);
            }
            switch (boundary(s.sql())) {
                case BEGINS -> {
                    out.addFirst(text(s));
                    return new EarlierStatements(List.copyOf(out), true);
                }
                case ENDS -> {
                    return new EarlierStatements(List.copyOf(out), false);
                }
                case NONE -> out.addFirst(text(s));
            }
        }
        return new EarlierStatements(List.copyOf(out), false);
    }

    enum Boundary { BEGINS, ENDS, NONE }

    /** Whether a statement opens a transaction, ends one (explicitly or by implicit commit), or neither. */
    static Boundary boundary(String sql) {
        if (sql == null) {
            return Boundary.NONE;
        }
        String s = squeeze(LEADING_COMMENTS.matcher(sql).replaceFirst("")).toLowerCase(Locale.ROOT);
        if (s.startsWith("start transaction") || s.startsWith("xa start") || s.startsWith("xa begin")
                || s.equals("begin") || s.equals("begin work") || s.startsWith("begin;") || s.startsWith("begin work;")) {
            return Boundary.BEGINS;
        }
        if ((s.startsWith("rollback") && !s.matches("rollback( work)? to .*")) || s.startsWith("commit")
                || s.startsWith("xa commit") || s.startsWith("xa rollback")
                || s.matches("(create|alter|drop|truncate|rename|lock|unlock) .*")
                || s.matches("set (session |@@session\\.|@@)?autocommit ?= ?(1|on|true).*")) {
            return Boundary.ENDS;
        }
        return Boundary.NONE;
    }

    /**
     * The same statement, though one side may be cut short: performance_schema keeps the first
     * performance_schema_max_sql_text_length bytes (1024 by default), and reports may truncate too.
     */
    static boolean sameStatement(String fromHistory, String squeezedQuery) {
        if (fromHistory == null || squeezedQuery.isEmpty()) {
            return false;
        }
        String h = squeeze(fromHistory);
        if (h.equals(squeezedQuery)) {
            return true;
        }
        String a = stripEllipsis(h);
        String b = stripEllipsis(squeezedQuery);
        return Math.min(a.length(), b.length()) >= PREFIX_MATCH_MIN && (a.startsWith(b) || b.startsWith(a));
    }

    private static String stripEllipsis(String s) {
        return s.endsWith("...") ? s.substring(0, s.length() - 3).stripTrailing() : s;
    }

    static String squeeze(String sql) {
        return SPACE.matcher(sql).replaceAll(" ").strip();
    }

    private static String text(HistoricStatement s) {
        return s.sql() == null ? "(statement text not recorded)" : s.sql().strip();
    }
}
