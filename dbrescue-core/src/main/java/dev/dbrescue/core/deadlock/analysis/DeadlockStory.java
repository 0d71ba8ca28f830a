package dev.dbrescue.core.deadlock.analysis;

import dev.dbrescue.core.deadlock.Deadlock;
import dev.dbrescue.core.deadlock.DeadlockLock;
import dev.dbrescue.core.deadlock.DeadlockTransaction;
import dev.dbrescue.core.deadlock.LockKind;
import dev.dbrescue.core.deadlock.RecordField;
import dev.dbrescue.core.model.Engine;
import dev.dbrescue.core.analysis.finding.Durations;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A deadlock told as seed 03's "answer" slide tells it: what each transaction had locked (and, when the server still
 * remembered, with which statements), who asked for what in the order the report implies, who was rolled back; then
 * remedies naming this deadlock's own tables, rows and statements rather than the pattern's general advice.
 * <p>
 * Order of the waits: InnoDB before MySQL 8.0.18, and MariaDB, print first the transaction that was already waiting
 * and last the one whose request closed the cycle; MySQL 8.0.18 and later print the cycle from some transaction on,
 * so there the order is the cycle's, not necessarily time's. PostgreSQL's DETAIL starts with the process that ran
 * the check and found the cycle, which is (almost always) the last to wait: its lines are told from the second on.
 *
 * @param steps    what happened, one sentence each, in time order
 * @param remedies what to change, most specific first; the last is always the retry that every deadlock needs
 */
public record DeadlockStory(List<String> steps, List<String> remedies) {

    /** Transactions open this long when the deadlock struck held their locks for longer than they needed. */
    static final double LONG_TRANSACTION_SECONDS = 5;
    private static final int STATEMENT_CHARS = 120;

    public DeadlockStory {
        steps = List.copyOf(steps);
        remedies = List.copyOf(remedies);
    }

    public static DeadlockStory of(AnalyzedDeadlock analyzed) {
        return new DeadlockStory(steps(analyzed), remedies(analyzed));
    }

    // ---- steps ----

    private static List<String> steps(AnalyzedDeadlock analyzed) {
        Deadlock d = analyzed.deadlock();
        List<DeadlockTransaction> trx = d.transactions();
        List<String> steps = new ArrayList<>();
        for (int i = 0; i < trx.size(); i++) {
            DeadlockTransaction t = trx.get(i);
            List<String> held = held(analyzed, i);
            StringBuilder s = new StringBuilder(name(i, t));
            if (t.earlier() != null && !t.earlier().statements().isEmpty()) {
                s.append(t.earlier().complete() ? " ran " : " ran (among others) ")
                        .append(String.join("; ", t.earlier().statements().stream().map(DeadlockStory::statement).toList()));
                s.append(held.isEmpty() ? "." : ", and so holds ");
            } else {
                s.append(held.isEmpty() ? "" : " holds ");
            }
            if (!held.isEmpty()) {
                s.append(String.join(", ", held)).append('.');
            } else if (t.earlier() == null || t.earlier().statements().isEmpty()) {
                continue; // nothing known about it before it asked
            }
            steps.add(s.toString());
        }
        for (int i : waitOrder(d)) {
            DeadlockTransaction t = trx.get(i);
            if (t.waitingFor() == null) {
                continue;
            }
            int index = i;
            String holder = analyzed.edges().stream().filter(e -> e.waiter() == index).findFirst()
                    .map(e -> name(e.holder(), trx.get(e.holder()))).orElse(null);
            String ran = name(i, t) + (t.query() == null ? "" : " ran " + statement(t.query()) + " and");
            if (t.waitingFor().kind() == LockKind.TRANSACTION) {
                // PostgreSQL waits for a row another transaction changed or locked through that transaction's id.
                String other = holder == null ? resource(t.waitingFor()) : holder + ", " + resource(t.waitingFor()) + ",";
                steps.add(ran + " waits for " + other + " to end: it changed or locked a row this statement needs.");
            } else {
                steps.add(ran + " waits for " + describe(t.waitingFor()) + (holder == null ? "" : ", held by " + holder) + ".");
            }
        }
        steps.add(outcome(d));
        return steps;
    }

    /** The transactions in the order they began to wait (see the class comment). */
    private static List<Integer> waitOrder(Deadlock d) {
        List<Integer> order = new ArrayList<>();
        int n = d.transactions().size();
        int first = d.engine() == Engine.POSTGRESQL && n > 1 ? 1 : 0;
        for (int k = 0; k < n; k++) {
            order.add((first + k) % n);
        }
        return order;
    }

    /** What transaction {@code i} holds: listed in the report, else known from another's wait for it. */
    private static List<String> held(AnalyzedDeadlock analyzed, int i) {
        Set<String> held = new LinkedHashSet<>();
        for (DeadlockLock lock : analyzed.deadlock().transactions().get(i).holds()) {
            held.add(describe(lock));
        }
        if (held.isEmpty()) {
            for (WaitEdge e : analyzed.edges()) {
                if (e.holder() != i) {
                    continue;
                }
                if (e.heldAs() != null) {
                    held.add(describe(e.heldAs()));
                } else {
                    // MySQL before 8.0.18 prints the locks of the second transaction only: the first one's show
                    // through the other's wait, mode unknown.
                    held.add("a lock on " + resource(e.lock()) + " (not printed; T" + (e.waiter() + 1) + "'s wait for it"
                            + " shows it)");
                }
            }
        }
        // PostgreSQL: every transaction holds the lock on its own id; saying so tells nothing.
        held.removeIf(h -> h.contains(" on transaction "));
        return List.copyOf(held);
    }

    private static String outcome(Deadlock d) {
        List<DeadlockTransaction> trx = d.transactions();
        int victim = -1;
        for (int i = 0; i < trx.size(); i++) {
            if (trx.get(i).victim()) {
                victim = i;
            }
        }
        if (victim < 0) {
            return d.tooDeep() ? "InnoDB gave up searching the cycle and rolled back the transaction that asked last."
                    : "The report does not say which transaction was rolled back.";
        }
        String who = name(victim, trx.get(victim));
        if (d.engine() == Engine.POSTGRESQL) {
            return "PostgreSQL found the cycle and cancelled " + who + "'s statement (ERROR: deadlock detected, 40P01);"
                    + " its transaction is aborted and its locks are free, so the others went on.";
        }
        return "InnoDB found the cycle and rolled back " + who + " (ERROR 1213): all of its changes were undone and its"
                + " locks released, so the others went on.";
    }

    // ---- remedies ----

    private static List<String> remedies(AnalyzedDeadlock analyzed) {
        Deadlock d = analyzed.deadlock();
        List<String> remedies = new ArrayList<>();
        String specific = switch (analyzed.pattern()) {
            case LOCK_ORDER -> lockOrder(d);
            case SHARED_TO_EXCLUSIVE -> sharedRow(d).map(row -> "Both transactions read " + row + " with a shared (S)"
                    + " lock before changing it: read it with SELECT ... FOR UPDATE from the start, so that the second"
                    + " one waits before reading instead of deadlocking.").orElse(null);
            case FOREIGN_KEY -> sharedRow(d).map(row -> "The shared locks on " + row + " come from foreign-key checks"
                    + " of child-row inserts: lock the parent row first (SELECT ... FOR UPDATE, or update it) and only"
                    + " then insert its children, in every code path.").orElse(null);
            default -> null;
        };
        remedies.add(specific != null ? specific : analyzed.pattern().advice());
        for (String table : tablesWithoutPrimaryKey(d)) {
            remedies.add(table + " has no primary key (InnoDB locks its hidden GEN_CLUST_INDEX): every UPDATE or"
                    + " DELETE on it scans and locks each row it reads. Add a primary key, or an index on the columns"
                    + " of its WHERE clauses.");
        }
        List<DeadlockTransaction> trx = d.transactions();
        List<String> longOpen = new ArrayList<>();
        for (int i = 0; i < trx.size(); i++) {
            Double active = trx.get(i).activeSeconds();
            if (active != null && active >= LONG_TRANSACTION_SECONDS) {
                longOpen.add("T" + (i + 1) + " " + Math.round(active) + " s");
            }
        }
        if (!longOpen.isEmpty()) {
            remedies.add("Open for long when the deadlock struck (" + String.join(", ", longOpen) + "): move slow work"
                    + " (remote calls, large reads, user think time) out of the transactions, so that their locks are"
                    + " held for less time and fewer transactions overlap.");
        }
        remedies.add("Retry the rolled-back transaction as a whole, with backoff: a deadlock victim loses all its work"
                + " (dbrescue-retry does this for JDBC).");
        return remedies;
    }

    /**
     * Lock order: the order each transaction took the resources of the cycle (what it holds, then what it wants).
     * Two transactions in opposite order get one sentence naming both; longer cycles name the resources to order.
     */
    private static String lockOrder(Deadlock d) {
        boolean throughTransactions = d.transactions().stream()
                .anyMatch(t -> t.waitingFor() != null && t.waitingFor().kind() == LockKind.TRANSACTION);
        if (throughTransactions) {
            List<String> statements = new ArrayList<>();
            for (int i = 0; i < d.transactions().size(); i++) {
                DeadlockTransaction t = d.transactions().get(i);
                if (t.query() != null) {
                    statements.add("T" + (i + 1) + " " + statement(t.query()));
                }
            }
            return "Each transaction waits for a row another one had already changed or locked"
                    + (statements.isEmpty() ? "" : " (" + String.join(", ", statements) + ")")
                    + ": change and lock rows in one order (e.g. ascending primary key) in every code path.";
        }
        List<List<String>> orders = new ArrayList<>();
        for (DeadlockTransaction t : d.transactions()) {
            List<String> order = new ArrayList<>();
            t.holds().forEach(h -> order.add(resource(h)));
            if (t.waitingFor() != null) {
                order.add(resource(t.waitingFor()));
            }
            orders.add(order);
        }
        if (orders.size() == 2 && orders.get(0).size() == 2 && orders.get(1).size() == 2
                && orders.get(0).get(0).equals(orders.get(1).get(1)) && orders.get(0).get(1).equals(orders.get(1).get(0))) {
            List<String> a = orders.get(0);
            return "T1 takes " + a.get(0) + " then " + a.get(1) + "; T2 takes them the other way round. Make every code"
                    + " path take them in the same order (e.g. sort the keys and lock in ascending order).";
        }
        Set<String> all = new LinkedHashSet<>();
        orders.forEach(all::addAll);
        all.remove("?");
        return all.size() < 2 ? null : "Take " + String.join(", ", all) + " in one fixed order in every code path (e.g."
                + " by table, then ascending key).";
    }

    /** The row every transaction holds a shared lock on, if the report shows one. */
    private static java.util.Optional<String> sharedRow(Deadlock d) {
        for (DeadlockTransaction t : d.transactions()) {
            for (DeadlockLock h : t.holds()) {
                if ("S".equals(h.mode()) && h.table() != null) {
                    return java.util.Optional.of(resource(h));
                }
            }
        }
        return java.util.Optional.empty();
    }

    private static Set<String> tablesWithoutPrimaryKey(Deadlock d) {
        Set<String> tables = new LinkedHashSet<>();
        for (DeadlockTransaction t : d.transactions()) {
            List<DeadlockLock> locks = new ArrayList<>(t.holds());
            if (t.waitingFor() != null) {
                locks.add(t.waitingFor());
            }
            for (DeadlockLock lock : locks) {
                if ("GEN_CLUST_INDEX".equals(lock.index()) && lock.table() != null) {
                    tables.add(lock.table());
                }
            }
        }
        return tables;
    }

    // ---- words ----

    /** {@code T1 (thread 6)}; PostgreSQL transactions are known by their process id. */
    private static String name(int i, DeadlockTransaction t) {
        String id = t.threadId() == null ? "?" : t.threadId().toString();
        return "T" + (i + 1) + " (" + (t.lockStructs() == null && t.state() == null ? "pid " : "thread ") + id + ")";
    }

    private static String statement(String sql) {
        return "`" + Durations.oneLine(sql, STATEMENT_CHARS) + "`";
    }

    /** {@code an X lock on test.accounts row id=2 (index PRIMARY)}. */
    static String describe(DeadlockLock lock) {
        String mode = lock.mode() == null ? "a lock"
                : article(lock.mode()) + " " + lock.mode() + (lock.mode().endsWith("Lock") ? "" : " lock");
        String kind = switch (lock.kind() == null ? LockKind.OTHER : lock.kind()) {
            case GAP -> " on the gap before ";
            case INSERT_INTENTION -> " to insert into the gap before ";
            default -> " on ";
        };
        return mode + kind + resource(lock);
    }

    /** The thing locked: {@code test.accounts row id=2 (index PRIMARY)}, {@code transaction 1234}, a table. */
    static String resource(DeadlockLock lock) {
        if (lock.kind() == LockKind.TRANSACTION || lock.table() == null) {
            return lock.object() != null ? lock.object() : "?";
        }
        if (lock.kind() == LockKind.TABLE || lock.kind() == LockKind.RELATION) {
            return "table " + lock.table();
        }
        if (lock.kind() == LockKind.TUPLE) {
            return "a row of " + lock.table() + (lock.object() == null ? "" : " (" + lock.object() + ")");
        }
        String index = lock.index() == null ? "" : " (index " + lock.index() + ")";
        if (lock.supremum()) {
            return "the end of " + lock.table() + index + " (supremum: the gap above the largest key)";
        }
        String key = key(lock);
        return lock.table() + (key.isEmpty() ? " row" : " row " + key) + index;
    }

    /**
     * The key part of an index record: fields up to InnoDB's hidden system columns when the live schema named
     * them, else the first field of a clustered index or the first two of a secondary one (key, then primary key).
     */
    private static String key(DeadlockLock lock) {
        List<RecordField> fields = lock.fields();
        boolean clustered = "PRIMARY".equals(lock.index()) || "GEN_CLUST_INDEX".equals(lock.index());
        int limit = clustered ? 1 : 2;
        List<String> parts = new ArrayList<>();
        for (RecordField f : fields) {
            if (f.column() != null && f.column().startsWith("DB_")) {
                break;
            }
            if (f.column() == null && parts.size() >= limit) {
                break;
            }
            String value = f.length() < 0 ? "NULL" : f.decoded() != null ? f.decoded() : "0x" + f.hex();
            parts.add(f.column() == null ? value : f.column() + "=" + value);
        }
        return String.join(", ", parts);
    }

    /**
     * "an X lock", "an IX lock", "an AUTO-INC lock" (InnoDB modes are read letter by letter), "a ShareLock", "an
     * ExclusiveLock" (PostgreSQL modes are words).
     */
    private static String article(String mode) {
        if (mode.isEmpty()) {
            return "a";
        }
        char first = Character.toUpperCase(mode.charAt(0));
        boolean letters = mode.equals(mode.toUpperCase(Locale.ROOT));
        return (letters ? "AEFHILMNORSX" : "AEIOU").indexOf(first) >= 0 ? "an" : "a";
    }
}
