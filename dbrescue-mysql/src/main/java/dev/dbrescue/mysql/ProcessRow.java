package dev.dbrescue.mysql;

import dev.dbrescue.core.model.Session;

import java.util.Locale;
import java.util.Set;

/**
 * One row of information_schema.PROCESSLIST, with its InnoDB transaction (information_schema.INNODB_TRX) when it has
 * one. InnoDB creates the transaction row at the first statement that touches an InnoDB table, not at BEGIN, so a
 * session that only said BEGIN is not yet "in a transaction" here.
 *
 * @param timeSeconds      PROCESSLIST.TIME (MariaDB: TIME_MS / 1000): time in the current command, i.e. idle time when Sleep
 * @param trxSeconds       age of the transaction by the server clock, null without a transaction
 * @param trxWaitSeconds   how long the transaction has waited for a row lock, null when not waiting
 */
record ProcessRow(long id, String user, String host, String database, String command, Double timeSeconds, String state,
                  String info, String trxId, String trxState, Double trxSeconds, Double trxWaitSeconds,
                  Long rowsLocked, Long rowsModified, Long tablesLocked) {

    /** Accounts the server itself runs as: first aid must not kill them. */
    private static final Set<String> SYSTEM_USERS = Set.of("system user", "event_scheduler");

    static final String TABLE_METADATA_LOCK_WAIT = "Waiting for table metadata lock";
    static final String TABLE_LEVEL_LOCK_WAIT = "Waiting for table level lock";

    boolean busy() {
        return command != null && !"Sleep".equalsIgnoreCase(command);
    }

    boolean inTransaction() {
        return trxId != null;
    }

    /** InnoDB says the transaction waits for a row or table lock. */
    boolean rowLockWait() {
        return "LOCK WAIT".equalsIgnoreCase(trxState);
    }

    /**
     * Any wait the metadata lock subsystem reports in the thread state: "Waiting for table metadata lock", "... schema
     * metadata lock", "... backup lock" (MariaDB 10.4+), "... global read lock" and "... commit lock" (MySQL), and
     * GET_LOCK()'s "User lock" / "Waiting for user lock" (https://dev.mysql.com/doc/refman/8.0/en/general-thread-states.html).
     */
    boolean metadataLockWait() {
        if (state == null) {
            return false;
        }
        String s = state.toLowerCase(Locale.ROOT);
        return s.startsWith("waiting for") && (s.endsWith("metadata lock") || s.endsWith("backup lock")
                || s.endsWith("global read lock") || s.endsWith("commit lock") || s.endsWith("user lock"))
                || s.equals("user lock");
    }

    boolean tableMetadataLockWait() {
        return TABLE_METADATA_LOCK_WAIT.equalsIgnoreCase(state);
    }

    /** A thr_lock table lock wait (MyISAM, Aria, MEMORY, or LOCK TABLES on them). */
    boolean tableLevelLockWait() {
        return TABLE_LEVEL_LOCK_WAIT.equalsIgnoreCase(state);
    }

    /**
     * Threads of the server itself: event scheduler, replication (MariaDB Slave_IO / Slave_SQL / Slave_worker, a
     * replica's Binlog Dump on the source, MySQL appliers as 'system user'), InnoDB background threads (MySQL 8 shows
     * some as 'Daemon'). Left out of the snapshot unless they hold a transaction or take part in a wait.
     */
    boolean systemThread() {
        String c = command == null ? "" : command;
        return SYSTEM_USERS.contains(user == null ? "" : user.toLowerCase(Locale.ROOT))
                || c.equalsIgnoreCase("Daemon") || c.startsWith("Binlog Dump") || c.startsWith("Slave_") || c.startsWith("Replica_");
    }

    /** The Session record: state is COMMAND, plus the thread state in parentheses while a statement runs. */
    Session toSession() {
        boolean busy = busy();
        String shownState = command;
        if (busy && state != null && !state.isBlank()) {
            shownState = command + " (" + state + ")";
        }
        Double time = timeSeconds;
        return new Session(id, user, host, database, null, shownState, busy, inTransaction(),
                busy ? info : null,
                inTransaction() ? trxSeconds : null,
                busy ? Double.valueOf(0.0) : time,
                busy ? time : null,
                trxId, rowsLocked, rowsModified, tablesLocked,
                false, // which accounts are privileged is not in the processlist
                systemThread());
    }
}
