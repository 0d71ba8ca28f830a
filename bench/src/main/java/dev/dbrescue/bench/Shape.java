package dev.dbrescue.bench;

/**
 * The incident the benchmark builds, scaled by the number of root blockers (100 for the 1,000 sessions).
 * Behind each root R, which holds row r in an idle open transaction, five sessions wait:
 * <pre>
 *   R  holds r                                    (root blocker, idle in transaction)
 *   ├─ B  holds x1, waits for r                   (chain)
 *   │  └─ C  holds x2, waits for x1                (chain)
 *   │     └─ D  waits for x2                       (chain: depth 3 below R)
 *   ├─ F1 waits for r                              (fan)
 *   └─ F2 waits for r                              (fan)
 * </pre>
 * Beside them, sessions that wait for nothing: half idle, half idle in a transaction holding a row nobody wants.
 * The default, 100 roots, gives 100 + 500 + 200 + 200 = 1,000 sessions, 500 of them waiting.
 */
record Shape(int roots) {

    static final int WAITERS_PER_ROOT = 5;
    static final int IDLE_PER_ROOT = 2;
    static final int IDLE_IN_TRANSACTION_PER_ROOT = 2;

    Shape {
        if (roots < 1) {
            throw new IllegalArgumentException("--roots must be at least 1");
        }
    }

    int waiters() {
        return roots * WAITERS_PER_ROOT;
    }

    int idle() {
        return roots * IDLE_PER_ROOT;
    }

    int idleInTransaction() {
        return roots * IDLE_IN_TRANSACTION_PER_ROOT;
    }

    int sessions() {
        return roots + waiters() + idle() + idleInTransaction();
    }

    /** Row ids: roots' rows 1.., chain rows from 100,001 and 200,001, idle transactions' rows from 300,001. */
    long rootRow(int group) {
        return 1 + group;
    }

    long chainRow1(int group) {
        return 100_001 + group;
    }

    long chainRow2(int group) {
        return 200_001 + group;
    }

    long idleTransactionRow(int index) {
        return 300_001 + index;
    }

    @Override
    public String toString() {
        return sessions() + " sessions: " + roots + " root blockers, " + waiters() + " waiting (per root: a chain of 3 and a fan of 2), "
                + idle() + " idle, " + idleInTransaction() + " idle in transaction without waiters";
    }
}
