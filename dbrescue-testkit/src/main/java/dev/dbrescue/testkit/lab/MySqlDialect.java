package dev.dbrescue.testkit.lab;

import dev.dbrescue.core.model.Engine;
import dev.dbrescue.core.model.ServerInfo;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** MySQL 5.7/8.x and MariaDB. */
final class MySqlDialect implements Dialect {

    private static final java.util.regex.Pattern PLAIN = java.util.regex.Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** innodb_lock_wait_timeout and lock_wait_timeout accept at most this many seconds. */
    private static final long MAX_WAIT_SECONDS = 1_073_741_824L;

    private final ServerInfo server;

    MySqlDialect(ServerInfo server) {
        this.server = server;
    }

    @Override
    public String sessionIdQuery() {
        return "SELECT CONNECTION_ID()";
    }

    @Override
    public String sessionCountQuery(long sessionId) {
        return "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = " + sessionId;
    }

    @Override
    public List<String> labSessionSettings(String applicationName, Duration lockWait) {
        long seconds = Math.min(MAX_WAIT_SECONDS, Math.max(1, lockWait.toSeconds()));
        List<String> settings = new ArrayList<>(List.of(
                "SET SESSION innodb_lock_wait_timeout = " + seconds, // row locks
                "SET SESSION lock_wait_timeout = " + seconds,        // metadata locks
                // Gap and next-key locks exist only under REPEATABLE READ (the InnoDB default); say it in case the
                // server's default was changed.
                "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ"));
        settings.add(server.engine() == Engine.MARIADB ? "SET SESSION max_statement_time = 0" : "SET SESSION max_execution_time = 0");
        return settings;
    }

    @Override
    public List<String> observerSettings() {
        return List.of("SET SESSION lock_wait_timeout = 10", "SET SESSION innodb_lock_wait_timeout = 10");
    }

    @Override
    public String lockWaitTimeout(Duration timeout) {
        // Whole seconds only; 1 is the minimum.
        return "SET SESSION innodb_lock_wait_timeout = " + Math.min(MAX_WAIT_SECONDS, Math.max(1, timeout.toSeconds()));
    }

    @Override
    public String quote(String identifier) {
        // The lab's own names ([a-z0-9_]) read better bare; anything else is quoted.
        return PLAIN.matcher(identifier).matches() ? identifier : "`" + identifier.replace("`", "``") + "`";
    }

    @Override
    public String createTable(String quotedName, String columns) {
        return "CREATE TABLE " + quotedName + " (" + columns + ") ENGINE=InnoDB";
    }

    @Override
    public String autoIncrementId() {
        return "id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY";
    }

    @Override
    public String forShare() {
        // MariaDB has no FOR SHARE; LOCK IN SHARE MODE works on every MySQL and MariaDB.
        return " LOCK IN SHARE MODE";
    }

    @Override
    public String waitingSessionsQuery() {
        // Row locks: InnoDB marks the transaction LOCK WAIT. Metadata locks (LOCK TABLES, DDL, and the SELECTs queued
        // behind them): the thread state says "Waiting for table metadata lock".
        return "SELECT trx_mysql_thread_id FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT'"
                + " UNION SELECT ID FROM information_schema.PROCESSLIST WHERE STATE LIKE 'Waiting for%lock'";
    }

    @Override
    public Duration pollInterval() {
        // information_schema.INNODB_TRX / INNODB_LOCKS / INNODB_LOCK_WAITS are served from a cache that is refreshed
        // only when nobody has read it for 100 ms (CACHE_MIN_IDLE_TIME in storage/innobase/trx/trx0i_s.cc): polling
        // faster than that keeps showing the first picture forever.
        return Duration.ofMillis(200);
    }

    @Override
    public String liveSessionsQuery() {
        return "SELECT ID FROM information_schema.PROCESSLIST";
    }

    @Override
    public String terminate(long sessionId) {
        return "KILL " + sessionId;
    }

    @Override
    public String cancel(long sessionId) {
        return "KILL QUERY " + sessionId;
    }

    @Override
    public boolean isDeadlock(SQLException e) {
        return e.getErrorCode() == 1213;
    }

    @Override
    public boolean isLockWaitTimeout(SQLException e) {
        return e.getErrorCode() == 1205;
    }

    @Override
    public boolean isTooManyConnections(SQLException e) {
        // ER_CON_COUNT_ERROR; MariaDB Connector/J sometimes reports it only in the message of a connect failure.
        return e.getErrorCode() == 1040 || "08004".equals(e.getSQLState())
                || (e.getMessage() != null && e.getMessage().contains("Too many connections"));
    }

    @Override
    public String describe(SQLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().replaceFirst("^\\(conn=\\d+\\)\\s*", "");
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        return "ERROR " + e.getErrorCode() + " (" + e.getSQLState() + "): " + message.strip();
    }

    @Override
    public long maxLockWaitSeconds() {
        return MAX_WAIT_SECONDS;
    }
}
