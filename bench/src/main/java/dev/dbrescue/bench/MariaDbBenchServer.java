package dev.dbrescue.bench;

import dev.dbrescue.testkit.server.EmbeddedMariaDb;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** An embedded MariaDB 10.11 with room for the incident, and metadata locks visible as in the tests and the demo. */
final class MariaDbBenchServer implements BenchServer {

    /**
     * What sys.innodb_lock_waits selects (MariaDB's sys schema, views/i_s/innodb_lock_waits.sql), without the
     * sys.format_statement() calls: timed instead of the view when a server has no sys schema.
     */
    static final String SYS_INNODB_LOCK_WAITS_JOIN = "SELECT r.trx_wait_started AS wait_started,"
            + " TIMEDIFF(NOW(), r.trx_wait_started) AS wait_age,"
            + " TIMESTAMPDIFF(SECOND, r.trx_wait_started, NOW()) AS wait_age_secs,"
            + " rl.lock_table AS locked_table, rl.lock_index AS locked_index, rl.lock_type AS locked_type,"
            + " r.trx_id AS waiting_trx_id, r.trx_started AS waiting_trx_started,"
            + " TIMEDIFF(NOW(), r.trx_started) AS waiting_trx_age, r.trx_rows_locked AS waiting_trx_rows_locked,"
            + " r.trx_rows_modified AS waiting_trx_rows_modified, r.trx_mysql_thread_id AS waiting_pid,"
            + " r.trx_query AS waiting_query, rl.lock_id AS waiting_lock_id, rl.lock_mode AS waiting_lock_mode,"
            + " b.trx_id AS blocking_trx_id, b.trx_mysql_thread_id AS blocking_pid, b.trx_query AS blocking_query,"
            + " bl.lock_id AS blocking_lock_id, bl.lock_mode AS blocking_lock_mode, b.trx_started AS blocking_trx_started,"
            + " TIMEDIFF(NOW(), b.trx_started) AS blocking_trx_age, b.trx_rows_locked AS blocking_trx_rows_locked,"
            + " b.trx_rows_modified AS blocking_trx_rows_modified,"
            + " CONCAT('KILL QUERY ', b.trx_mysql_thread_id) AS sql_kill_blocking_query,"
            + " CONCAT('KILL ', b.trx_mysql_thread_id) AS sql_kill_blocking_connection"
            + " FROM information_schema.innodb_lock_waits w"
            + " JOIN information_schema.innodb_trx b ON b.trx_id = w.blocking_trx_id"
            + " JOIN information_schema.innodb_trx r ON r.trx_id = w.requesting_trx_id"
            + " JOIN information_schema.innodb_locks bl ON bl.lock_id = w.blocking_lock_id"
            + " JOIN information_schema.innodb_locks rl ON rl.lock_id = w.requested_lock_id"
            + " ORDER BY r.trx_wait_started";

    private final EmbeddedMariaDb server;

    private MariaDbBenchServer(EmbeddedMariaDb server) {
        this.server = server;
    }

    static MariaDbBenchServer start(Shape shape) {
        List<String> arguments = new ArrayList<>(EmbeddedMariaDb.METADATA_LOCK_VISIBILITY);
        arguments.add("--max-connections=" + (shape.sessions() + 200));
        return new MariaDbBenchServer(EmbeddedMariaDb.start(arguments));
    }

    @Override
    public String label() {
        return "MariaDB " + EmbeddedMariaDb.VERSION;
    }

    @Override
    public String uri() {
        return server.uri();
    }

    @Override
    public String jdbcUrl() {
        return server.jdbcUrl();
    }

    @Override
    public java.nio.file.Path dataDirectory() {
        return server.dataDirectory();
    }

    @Override
    public void prepareSession(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            // The maximum: a waiter must still wait when the benchmark ends (the default, 50 s, is too short).
            statement.execute("SET SESSION innodb_lock_wait_timeout = 1073741824");
            statement.execute("SET SESSION lock_wait_timeout = 31536000");
        }
    }

    @Override
    public long sessionId(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The InnoDB transaction cache is refreshed after 0.1 s without readers: callers poll slower than that. */
    @Override
    public int waitingNow(Connection admin) throws SQLException {
        try (Statement statement = admin.createStatement();
             ResultSet rs = statement.executeQuery(
                     "SELECT COUNT(*) FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** sys.innodb_lock_waits when the server has the sys schema (mariadb-install-db installs it since 10.6). */
    @Override
    public List<TimedQuery> peers(Connection admin) throws SQLException {
        boolean sys;
        try (Statement statement = admin.createStatement();
             ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM information_schema.VIEWS"
                     + " WHERE TABLE_SCHEMA = 'sys' AND TABLE_NAME = 'innodb_lock_waits'")) {
            rs.next();
            sys = rs.getInt(1) > 0;
        }
        if (sys) {
            return List.of(new TimedQuery("sys.innodb_lock_waits", "SELECT * FROM sys.innodb_lock_waits",
                    "MariaDB's sys schema view: one row per (waiter, blocking lock), no tree, no analysis"));
        }
        return List.of(new TimedQuery("innodb_lock_waits join", SYS_INNODB_LOCK_WAITS_JOIN,
                "this server has no sys schema: the join sys.innodb_lock_waits runs, without sys.format_statement()"));
    }

    @Override
    public List<TimedQuery> buildingBlocks() {
        return List.of(
                new TimedQuery("PROCESSLIST", "SELECT * FROM information_schema.PROCESSLIST", "the session list alone"),
                new TimedQuery("INNODB_TRX", "SELECT * FROM information_schema.INNODB_TRX", "InnoDB transactions alone"),
                new TimedQuery("PROCESSLIST x INNODB_TRX",
                        "SELECT p.ID, t.trx_id FROM information_schema.PROCESSLIST p"
                                + " LEFT JOIN information_schema.INNODB_TRX t ON t.trx_mysql_thread_id = p.ID",
                        "the join of dbrescue's first statement, two columns"),
                new TimedQuery("INNODB_LOCK_WAITS", "SELECT * FROM information_schema.INNODB_LOCK_WAITS",
                        "the wait pairs alone"),
                new TimedQuery("INNODB_LOCKS", "SELECT * FROM information_schema.INNODB_LOCKS",
                        "the locks that take part in a wait"));
    }

    /**
     * The reader's joins with {@code join_cache_level = 4}, for this statement only. information_schema tables have
     * no index, so with the default level 2 MariaDB joins them by block nested loop: every row of one table
     * against every row of the other. Levels 3 and 4 allow a hash join (BNLH) on an equality
     * (https://mariadb.com/kb/en/block-based-join-algorithms/). {@code SET STATEMENT ... FOR} is MariaDB 10.1.2+;
     * MySQL has no join_cache_level (8.0.18+ hash-joins by itself).
     */
    @Override
    public List<TimedQuery> variants(List<String> readerSql) {
        List<TimedQuery> variants = new ArrayList<>();
        for (String sql : readerSql) {
            if (sql.contains(" JOIN ")) {
                variants.add(new TimedQuery("reader's statement with join_cache_level=4",
                        "SET STATEMENT join_cache_level = 4 FOR " + sql, "hash join instead of block nested loop"));
            }
        }
        return variants;
    }

    @Override
    public void close() {
        server.stop();
    }
}
