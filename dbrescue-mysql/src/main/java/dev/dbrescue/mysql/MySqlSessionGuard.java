package dev.dbrescue.mysql;

import dev.dbrescue.core.model.Engine;
import dev.dbrescue.core.model.ServerInfo;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes dbrescue's own session harmless on a server that is already in trouble: autocommit (never an open
 * transaction), READ COMMITTED (no long read view that holds back purge), and short timeouts so that our statements
 * give up instead of joining a lock queue or running away.
 */
final class MySqlSessionGuard {

    /** ER_UNKNOWN_SYSTEM_VARIABLE: the variable does not exist on this server version. */
    static final int ER_UNKNOWN_SYSTEM_VARIABLE = 1193;

    private MySqlSessionGuard() {
    }

    static List<String> settings(ServerInfo server) {
        List<String> settings = new ArrayList<>();
        // Metadata locks (our SELECTs on information_schema and performance_schema take none on user tables, but a
        // future statement might): give up after 2 s instead of queuing behind an ALTER. Seconds.
        settings.add("SET SESSION lock_wait_timeout = 2");
        // InnoDB row locks: seconds.
        settings.add("SET SESSION innodb_lock_wait_timeout = 2");
        if (server.engine() == Engine.MARIADB) {
            // https://mariadb.com/kb/en/aborting-statements/ : seconds, any statement (MariaDB 10.1+).
            settings.add("SET SESSION max_statement_time = 5");
            // The information_schema lock tables have no indexes; with the default join_cache_level=2 MariaDB joins
            // them with block nested loops, comparing every row with every row: 180 ms for 1,000 sessions and 500
            // waits (bench/README.md). Level 4 allows hash joins and brings the same statements to about 40 ms.
            // https://mariadb.com/kb/en/block-based-join-algorithms/
            settings.add("SET SESSION join_cache_level = 4");
        } else {
            // https://dev.mysql.com/doc/refman/8.0/en/server-system-variables.html#sysvar_max_execution_time :
            // milliseconds, read-only SELECTs only (MySQL 5.7.8+), which is all a snapshot runs.
            settings.add("SET SESSION max_execution_time = 5000");
        }
        return settings;
    }

    static void makeSafe(Connection connection, ServerInfo server) throws SQLException {
        connection.setAutoCommit(true);
        connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        for (String setting : settings(server)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(setting);
            } catch (SQLException e) {
                if (e.getErrorCode() != ER_UNKNOWN_SYSTEM_VARIABLE) {
                    throw e;
                }
                // This server version lacks the variable (e.g. max_execution_time before MySQL 5.7.8): the other
                // limits still apply, and autocommit means nothing is left half done.
            }
        }
    }
}
