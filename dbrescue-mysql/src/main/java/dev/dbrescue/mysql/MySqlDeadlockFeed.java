package dev.dbrescue.mysql;

import dev.dbrescue.core.model.Engine;
import dev.dbrescue.core.model.Limitation;
import dev.dbrescue.core.model.ServerInfo;
import dev.dbrescue.core.spi.DeadlockFeed;
import dev.dbrescue.core.spi.Reading;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Deadlocks on MySQL, MariaDB and Percona Server. InnoDB prints every deadlock to the error log only with
 * innodb_print_all_deadlocks=ON, and keeps just the latest one for SHOW ENGINE INNODB STATUS
 * (https://dev.mysql.com/doc/refman/8.0/en/innodb-deadlock-detection.html); its counter says how many there were.
 */
final class MySqlDeadlockFeed implements DeadlockFeed {

    private static final String COUNTER = "the number of deadlocks, to tell how many were not seen";

    private final ServerInfo server;

    MySqlDeadlockFeed(ServerInfo server) {
        this.server = server;
    }

    @Override
    public Reading<Long> deadlockCount(Connection connection) throws SQLException {
        // MariaDB and Percona Server count in a status variable anyone may read
        // (https://mariadb.com/kb/en/innodb-status-variables/#innodb_deadlocks).
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE 'Innodb_deadlocks'")) {
            if (rs.next()) {
                long counted = rs.getLong(2);
                return Reading.of(countsTwice(server) ? counted / 2 : counted);
            }
        }
        if (server.engine() == Engine.MARIADB) {
            return Reading.unavailable(new Limitation(COUNTER, "this server has no Innodb_deadlocks status variable",
                    "none: use MariaDB 10.1 or later"));
        }
        // MySQL counts in INNODB_METRICS, which needs PROCESS; lock_deadlocks is enabled by default
        // (https://dev.mysql.com/doc/refman/8.0/en/innodb-information-schema-metrics-table.html).
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT STATUS, COUNT FROM information_schema.INNODB_METRICS WHERE NAME = 'lock_deadlocks'")) {
            if (!rs.next()) {
                return Reading.unavailable(new Limitation(COUNTER, "INNODB_METRICS has no lock_deadlocks counter",
                        "none on this server version"));
            }
            if (!"enabled".equalsIgnoreCase(rs.getString(1))) {
                return Reading.unavailable(new Limitation(COUNTER, "the InnoDB counter lock_deadlocks is disabled",
                        "SET GLOBAL innodb_monitor_enable = 'lock_deadlocks', and put innodb_monitor_enable = lock_deadlocks under [mysqld] in my.cnf"));
            }
            return Reading.of(rs.getLong(2));
        } catch (SQLException e) {
            if (!SqlErrors.isDegradable(e)) {
                throw e;
            }
            return Reading.unavailable(new Limitation(COUNTER, SqlErrors.text(e), remedy(connection, e)));
        }
    }

    /**
     * MariaDB's deadlock detector of 10.6 (MDEV-24738) counted a deadlock each time it searched the cycle, which it
     * does twice per deadlock: Innodb_deadlocks and lock_deadlocks grow by 2 (seen on 10.11.5; 10.11.19 counts 1).
     * Fixed by MDEV-33935 (https://github.com/MariaDB/server/pull/3264, merged May 2024) in the releases that
     * followed: 10.6.19, 10.11.9, 11.1.6, 11.2.5, 11.4.3, 11.5.2; series that had ended by then never got it.
     */
    static boolean countsTwice(ServerInfo server) {
        if (server.engine() != Engine.MARIADB || !server.atLeast(10, 6)) {
            return false;
        }
        int fixedPatch = switch (server.major() * 100 + server.minor()) {
            case 1006 -> 19;
            case 1011 -> 9;
            case 1101 -> 6;
            case 1102 -> 5;
            case 1104 -> 3;
            case 1105 -> 2;
            case 1007, 1008, 1009, 1010, 1100, 1103 -> Integer.MAX_VALUE; // ended before the fix
            default -> 0; // 11.6 and later
        };
        return server.patch() < fixedPatch;
    }

    @Override
    public Reading<String> latestReport(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SHOW ENGINE INNODB STATUS")) {
            return rs.next() ? Reading.of(rs.getString("Status")) : Reading.none();
        } catch (SQLException e) {
            if (!SqlErrors.isDegradable(e)) {
                throw e;
            }
            return Reading.unavailable(new Limitation("the latest deadlock (SHOW ENGINE INNODB STATUS)", SqlErrors.text(e),
                    remedy(connection, e)));
        }
    }

    @Override
    public Reading<Path> serverLog(Connection connection) throws SQLException {
        String logError;
        String dataDir;
        String printAll;
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT @@GLOBAL.log_error, @@GLOBAL.datadir, @@GLOBAL.innodb_print_all_deadlocks")) {
            rs.next();
            logError = rs.getString(1);
            dataDir = rs.getString(2);
            printAll = rs.getString(3);
        } catch (SQLException e) {
            if (!SqlErrors.isDegradable(e)) {
                throw e;
            }
            return Reading.unavailable(new Limitation("every deadlock (the error log)", SqlErrors.text(e),
                    "none: this server cannot print every deadlock to its error log (innodb_print_all_deadlocks is MySQL 5.6+, MariaDB 10.0+)"));
        }
        if (!("1".equals(printAll) || "ON".equalsIgnoreCase(printAll))) {
            return Reading.unavailable(new Limitation("every deadlock (SHOW ENGINE INNODB STATUS keeps only the latest)",
                    "innodb_print_all_deadlocks is OFF, so the error log has none",
                    "SET GLOBAL innodb_print_all_deadlocks = ON, and put innodb_print_all_deadlocks = ON under [mysqld] in my.cnf"));
        }
        String value = logError == null ? "" : logError.strip();
        if (value.isEmpty() || "stderr".equalsIgnoreCase(value)) {
            // Without log_error the server writes to its standard error, which only whoever started it sees.
            return Reading.unavailable(new Limitation("every deadlock (the error log)",
                    "log_error is '" + value + "': the server logs to its standard error, not to a file",
                    "set log_error = /var/log/mysql/error.log under [mysqld] in my.cnf and restart"));
        }
        Path file;
        try {
            Path given = Path.of(value);
            // A relative log_error (MySQL's default ./HOSTNAME.err) is relative to the data directory.
            file = given.isAbsolute() || dataDir == null ? given : Path.of(dataDir).resolve(given).normalize();
        } catch (InvalidPathException e) {
            return Reading.unavailable(new Limitation("every deadlock (the error log)", "log_error '" + value + "' is not a path here",
                    "run dbrescue deadlocks watch on the database server"));
        }
        return readableHere(file);
    }

    /** The log is useful only if this process can read it: it runs on the server's machine with the right rights. */
    static Reading<Path> readableHere(Path file) {
        if (!Files.isRegularFile(file)) {
            return Reading.unavailable(new Limitation("every deadlock (the error log)", file + " is not on this machine",
                    "run dbrescue deadlocks watch on the database server"));
        }
        if (!Files.isReadable(file)) {
            return Reading.unavailable(new Limitation("every deadlock (the error log)",
                    file + " is not readable by " + System.getProperty("user.name"),
                    "run as a user that may read it, e.g. one in the group that owns " + file));
        }
        return Reading.of(file);
    }

    /** What to do about a degradable error: the GRANT for a missing privilege, else try again. */
    private static String remedy(Connection connection, SQLException e) {
        if (SqlErrors.isPrivilege(e)) {
            return "GRANT PROCESS ON *.* TO " + MySqlNames.accountForGrant(currentUser(connection));
        }
        if (SqlErrors.isTimeout(e)) {
            return "the server is too busy to answer within dbrescue's statement time limit; it tries again next poll";
        }
        return "none on this server version";
    }

    static String currentUser(Connection connection) {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT CURRENT_USER()")) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            return null;
        }
    }
}
