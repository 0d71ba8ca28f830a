package dev.dbrescue.core.deadlock.analysis;

import java.util.Locale;

/**
 * The shape of a deadlock, named for what the application did. Names are part of the JSON contract ({@code pattern}).
 */
public enum DeadlockPattern {
    /** Transactions lock the same rows in opposite orders (seed 05's first example). */
    LOCK_ORDER("Each transaction holds a lock the next one wants: they take the same rows (or advisory locks) in"
            + " different orders.",
            "Make every code path lock rows in one order (e.g. by primary key), or lock them all up front."),
    /** Both read a row with a shared lock, then both try to change it (seed 05). */
    SHARED_TO_EXCLUSIVE("Both transactions hold a shared (S) lock on the same row and each wants an exclusive lock to"
            + " change it: neither upgrade can be granted while the other's shared lock stays.",
            "Read the row with SELECT ... FOR UPDATE instead of a shared lock when the transaction will change it."),
    /** The shared locks come from foreign-key checks of earlier inserts into a child table (seed 03). */
    FOREIGN_KEY("Both transactions took a shared (S) lock on a parent row through a foreign-key check (inserting"
            + " child rows), then each tries to change the parent row.",
            "Update the parent row first (or SELECT it FOR UPDATE) before inserting its children, in every code path."),
    /** Both hold gap locks on the same gap and each wants to insert into it (insert intention). */
    GAP_INSERT("Both transactions hold a gap lock (from a locking read or a duplicate check that found no row) on the"
            + " same gap, and each wants to insert into it: an insert-intention lock waits for the other's gap lock.",
            "Use INSERT ... ON DUPLICATE KEY UPDATE (or INSERT IGNORE) instead of check-then-insert, or READ COMMITTED,"
                    + " which takes no gap locks for ordinary reads."),
    /** Inserts of the same unique keys in opposite orders (PostgreSQL's form of the check-then-insert deadlock). */
    UNIQUE_KEY_INSERT("Each transaction inserted a unique key the other is now inserting: a duplicate-key check waits for"
            + " the other transaction to end.",
            "Insert keys in one order, or use INSERT ... ON CONFLICT DO NOTHING/UPDATE."),
    /** Table locks (LOCK TABLE, AUTO-INC, DDL) take part in the cycle. */
    TABLE_LOCK("A table-level lock (LOCK TABLE, AUTO-INC, DDL) takes part in the cycle.",
            "Avoid explicit table locks in transactions that also lock rows; for AUTO-INC, innodb_autoinc_lock_mode=2."),
    /** InnoDB gave up its search; the cycle is not fully known. */
    TOO_DEEP("InnoDB gave up searching the wait-for graph (too deep or too long) and rolled back the requester.",
            "Look for very long transactions or huge lock queues; shorten transactions."),
    UNKNOWN("The report does not show enough to name the shape.", "Read the statements of each transaction.");

    private final String explanation;
    private final String advice;
    /** Made once: every deadlock written asks for it. */
    private final String jsonName = name().toLowerCase(Locale.ROOT).replace('_', '-');

    DeadlockPattern(String explanation, String advice) {
        this.explanation = explanation;
        this.advice = advice;
    }

    public String jsonName() {
        return jsonName;
    }

    public String explanation() {
        return explanation;
    }

    public String advice() {
        return advice;
    }
}
