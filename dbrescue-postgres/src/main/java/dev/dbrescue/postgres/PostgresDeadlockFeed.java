package dev.dbrescue.postgres;

import dev.dbrescue.core.model.Limitation;
import dev.dbrescue.core.spi.DeadlockFeed;
import dev.dbrescue.core.spi.Reading;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/**
 * Deadlocks on PostgreSQL: every one is an ERROR in the server log (with the cycle in its DETAIL), and
 * pg_stat_database counts them. There is no "latest deadlock" to poll, so without a readable log only the count is
 * known.
 */
final class PostgresDeadlockFeed implements DeadlockFeed {

    /** 42501 insufficient_privilege; 57014 query_canceled (our statement_timeout). */
    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    private static final String QUERY_CANCELED = "57014";

    /**
     * log_min_messages levels at which an ERROR is not written, in the order of
     * https://www.postgresql.org/docs/current/runtime-config-logging.html#GUC-LOG-MIN-MESSAGES.
     */
    private static final Set<String> ERRORS_NOT_LOGGED = Set.of("log", "fatal", "panic");

    private static final String EVERY_DEADLOCK = "every deadlock (the server log)";

    @Override
    public Reading<Long> deadlockCount(Connection connection) throws SQLException {
        // Readable by every role. The cumulative statistics reach this view when the victim's backend flushes them,
        // within about a second in PostgreSQL 15 (https://www.postgresql.org/docs/15/monitoring-stats.html).
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(sum(deadlocks), 0)::bigint FROM pg_stat_database")) {
            rs.next();
            return Reading.of(rs.getLong(1));
        } catch (SQLException e) {
            if (!QUERY_CANCELED.equals(e.getSQLState())) {
                throw e;
            }
            return Reading.unavailable(new Limitation("the number of deadlocks, to tell how many were not seen", oneLine(e),
                    "the server is too busy to answer within dbrescue's statement time limit; it tries again next poll"));
        }
    }

    @Override
    public Reading<String> latestReport(Connection connection) {
        return Reading.none();
    }

    @Override
    public Reading<Path> serverLog(Connection connection) throws SQLException {
        String me;
        String minMessages;
        String collector;
        String destination;
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT quote_ident(current_user), current_setting('log_min_messages'),"
                     + " current_setting('logging_collector'), current_setting('log_destination')")) {
            rs.next();
            me = rs.getString(1);
            minMessages = rs.getString(2);
            collector = rs.getString(3);
            destination = rs.getString(4);
        }
        if (ERRORS_NOT_LOGGED.contains(minMessages)) {
            return Reading.unavailable(new Limitation(EVERY_DEADLOCK, "log_min_messages is " + minMessages
                    + ", so deadlock errors are not logged", "ALTER SYSTEM SET log_min_messages = 'warning'; SELECT pg_reload_conf()"));
        }
        if (!"on".equalsIgnoreCase(collector)) {
            // Without the collector the log is whatever the server's stderr was sent to (pg_ctl -l, systemd, Debian's
            // /var/log/postgresql/postgresql-15-main.log): the server cannot tell where that is.
            return Reading.unavailable(new Limitation(EVERY_DEADLOCK,
                    "logging_collector is off, so the server cannot say where its log is",
                    "name the log file with --server-log FILE, or ALTER SYSTEM SET logging_collector = on and restart"));
        }
        String current;
        String dataDirectory;
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_current_logfile(), current_setting('data_directory')")) {
            rs.next();
            current = rs.getString(1);
            dataDirectory = rs.getString(2);
        } catch (SQLException e) {
            if (!INSUFFICIENT_PRIVILEGE.equals(e.getSQLState()) && !QUERY_CANCELED.equals(e.getSQLState())) {
                throw e;
            }
            // pg_current_logfile() and data_directory are for superusers and pg_monitor
            // (https://www.postgresql.org/docs/current/functions-info.html).
            return Reading.unavailable(new Limitation(EVERY_DEADLOCK, oneLine(e), "GRANT pg_monitor TO " + me));
        }
        if (current == null) {
            return Reading.unavailable(new Limitation(EVERY_DEADLOCK, "log_destination is " + destination
                    + ": no log file", "ALTER SYSTEM SET log_destination = 'stderr'; SELECT pg_reload_conf()"));
        }
        Path file;
        try {
            Path given = Path.of(current);
            // log_directory is relative to the data directory unless absolute.
            file = given.isAbsolute() ? given : Path.of(dataDirectory).resolve(given).normalize();
        } catch (InvalidPathException e) {
            return Reading.unavailable(new Limitation(EVERY_DEADLOCK, "the log file '" + current + "' is not a path here",
                    "run dbrescue deadlocks watch on the database server"));
        }
        if (!Files.isRegularFile(file)) {
            return Reading.unavailable(new Limitation(EVERY_DEADLOCK, file + " is not on this machine",
                    "run dbrescue deadlocks watch on the database server"));
        }
        if (!Files.isReadable(file)) {
            return Reading.unavailable(new Limitation(EVERY_DEADLOCK, file + " is not readable by " + System.getProperty("user.name"),
                    "run as the postgres user, or ALTER SYSTEM SET log_file_mode = '0640' and add the user to the server's group"));
        }
        return Reading.of(file);
    }

    private static String oneLine(SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replace('\n', ' ').replace('\r', ' ').strip();
    }
}
