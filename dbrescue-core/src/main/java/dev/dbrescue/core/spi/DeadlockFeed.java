package dev.dbrescue.core.spi;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where one server tells about its deadlocks, for {@code dbrescue deadlocks watch}: a counter of every deadlock it
 * detected, the latest report it keeps in memory, and the log it writes every report to. Each reading degrades
 * instead of failing: a missing privilege or a setting that is off gives an empty {@link Reading} with a
 * {@link Limitation} saying what to GRANT or SET. Only a broken session throws.
 */
public interface DeadlockFeed {

    /**
     * Deadlocks the server detected since it started (or its statistics were reset). MySQL: INNODB_METRICS
     * lock_deadlocks; MariaDB and Percona: Innodb_deadlocks; PostgreSQL: pg_stat_database.deadlocks summed.
     */
    Reading<Long> deadlockCount(Connection connection) throws SQLException;

    /** The latest deadlock report the server keeps (InnoDB: the whole SHOW ENGINE INNODB STATUS text). */
    Reading<String> latestReport(Connection connection) throws SQLException;

    /**
     * The file the server writes every deadlock report to, when this process can read it: the MySQL/MariaDB error
     * log with innodb_print_all_deadlocks=ON, the PostgreSQL server log. A path on the server's file system is only
     * meaningful when dbrescue runs on the server's machine; the caller decides that.
     */
    Reading<Path> serverLog(Connection connection) throws SQLException;
}
