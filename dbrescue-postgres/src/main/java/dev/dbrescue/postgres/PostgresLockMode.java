package dev.dbrescue.postgres;

import java.util.Optional;

/**
 * PostgreSQL's eight heavyweight lock modes and which pairs conflict: "Conflicting Lock Modes", Table 13.2 of
 * "Explicit Locking" (https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES), the same as
 * {@code LockConflicts} in src/backend/storage/lmgr/lock.c. The table holds for every lock type of the default lock
 * method (relation, tuple, transactionid, virtualxid, object, page...) and for advisory locks.
 * {@code SIReadLock} (serializable predicate locks, also in pg_locks) never blocks anyone and is not listed.
 */
enum PostgresLockMode {
    //                      conflicts with: AS RS RE SUE S SRE E AE
    ACCESS_SHARE("AccessShareLock",                  "0000000X"),
    ROW_SHARE("RowShareLock",                        "000000XX"),
    ROW_EXCLUSIVE("RowExclusiveLock",                "0000XXXX"),
    SHARE_UPDATE_EXCLUSIVE("ShareUpdateExclusiveLock", "000XXXXX"),
    SHARE("ShareLock",                               "00XX0XXX"),
    SHARE_ROW_EXCLUSIVE("ShareRowExclusiveLock",     "00XXXXXX"),
    EXCLUSIVE("ExclusiveLock",                       "0XXXXXXX"),
    ACCESS_EXCLUSIVE("AccessExclusiveLock",          "XXXXXXXX");

    private final String serverName;
    private final String conflicts;

    PostgresLockMode(String serverName, String conflicts) {
        this.serverName = serverName;
        this.conflicts = conflicts;
    }

    /** The name pg_locks.mode uses, e.g. {@code AccessExclusiveLock}. */
    String serverName() {
        return serverName;
    }

    boolean conflictsWith(PostgresLockMode other) {
        return conflicts.charAt(other.ordinal()) == 'X';
    }

    static Optional<PostgresLockMode> of(String serverName) {
        for (PostgresLockMode mode : values()) {
            if (mode.serverName.equals(serverName)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }

    /** True when two pg_locks modes conflict; false for SIReadLock and names this table does not know. */
    static boolean conflict(String a, String b) {
        Optional<PostgresLockMode> x = of(a);
        Optional<PostgresLockMode> y = of(b);
        return x.isPresent() && y.isPresent() && x.get().conflictsWith(y.get());
    }
}
