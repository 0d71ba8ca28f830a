package dev.dbrescue.app.kill;

import dev.dbrescue.app.Confirmation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrescue.app.CliErrorsIT;
import dev.dbrescue.app.CliErrorsIT.Run;
import dev.dbrescue.core.connect.Connector;
import dev.dbrescue.core.target.ClientEnvironment;
import dev.dbrescue.core.target.Target;
import dev.dbrescue.testkit.lab.Incident;
import dev.dbrescue.testkit.lab.LabContext;
import dev.dbrescue.testkit.lab.Scenario;
import dev.dbrescue.testkit.server.ServerHandle;
import dev.dbrescue.testkit.server.TestServers;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One test server with the accounts the kill tests need. dbrescue runs as the server's administrator (root,
 * postgres); the incidents run as {@link #APP}, an ordinary account, as applications do; {@link #MONITOR} sees every
 * session but may end none (MariaDB: PROCESS; PostgreSQL: pg_read_all_stats); {@link #SIGNALER} (PostgreSQL) may end
 * ordinary sessions (pg_signal_backend) but not a superuser's.
 */
final class KillFixture {

    static final String APP = "dbrescue_kill_app";
    static final String MONITOR = "dbrescue_kill_monitor";
    static final String SIGNALER = "dbrescue_kill_signal";
    static final String PASSWORD = "kill-test-Pw1";
    /** MariaDB matches the most specific host first: an anonymous ''@'localhost' would otherwise win over '%'. */
    private static final List<String> HOSTS = List.of("%", "localhost", "127.0.0.1");

    final boolean mysql;
    final ServerHandle server;

    private KillFixture(boolean mysql, ServerHandle server) {
        this.mysql = mysql;
        this.server = server;
    }

    static KillFixture on(String engine) throws SQLException {
        boolean mysql = engine.equals("mariadb");
        KillFixture fixture = new KillFixture(mysql, mysql ? TestServers.mariadb() : TestServers.postgres());
        fixture.createAccounts();
        return fixture;
    }

    private void createAccounts() throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl()); Statement s = c.createStatement()) {
            if (mysql) {
                for (String host : HOSTS) {
                    String app = "'" + APP + "'@'" + host + "'";
                    String monitor = "'" + MONITOR + "'@'" + host + "'";
                    s.execute("CREATE USER IF NOT EXISTS " + app + " IDENTIFIED BY '" + PASSWORD + "'");
                    s.execute("GRANT ALL ON test.* TO " + app);
                    // the lab's observer watches INNODB_TRX and performance_schema, as monitoring does
                    s.execute("GRANT PROCESS ON *.* TO " + app);
                    s.execute("GRANT SELECT ON performance_schema.* TO " + app);
                    s.execute("CREATE USER IF NOT EXISTS " + monitor + " IDENTIFIED BY '" + PASSWORD + "'");
                    s.execute("GRANT PROCESS ON *.* TO " + monitor);
                    s.execute("GRANT SELECT ON performance_schema.* TO " + monitor);
                    s.execute("GRANT SELECT ON test.* TO " + monitor);
                }
            } else {
                role(s, APP, "");
                s.execute("GRANT CREATE ON SCHEMA public TO " + APP);
                role(s, MONITOR, " IN ROLE pg_read_all_stats");
                role(s, SIGNALER, " IN ROLE pg_read_all_stats, pg_signal_backend");
            }
        }
    }

    private static void role(Statement s, String name, String membership) throws SQLException {
        s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + name + "') THEN CREATE ROLE "
                + name + " LOGIN PASSWORD '" + PASSWORD + "'" + membership + "; END IF; END $$");
    }

    /** The administrator's target, as dbrescue gets it. */
    String admin() {
        return server.uri();
    }

    /** The same server as another account. */
    String as(String user) {
        return server.uri().replaceFirst("://[^@/]*@", "://" + user + ":" + PASSWORD + "@");
    }

    Incident start(Scenario scenario) throws Exception {
        LabContext context = new LabContext(Target.parse(as(APP)), new Connector(ClientEnvironment.current()),
                Duration.ofSeconds(60), new PrintWriter(new StringWriter()));
        return scenario.start(context);
    }

    /** A plain application session of {@link #APP}, autocommit off. */
    Connection appSession() throws SQLException {
        Connection c = DriverManager.getConnection(new ServerHandle(as(APP), false).jdbcUrl());
        c.setAutoCommit(false);
        return c;
    }

    long id(Connection c) throws SQLException {
        return queryLong(c, mysql ? "SELECT CONNECTION_ID()" : "SELECT pg_backend_pid()");
    }

    /** Which of these sessions exist, as the server's own session list shows. */
    Set<Long> alive(Collection<Long> ids) throws SQLException {
        return among(mysql ? "SELECT ID FROM information_schema.PROCESSLIST" : "SELECT pid FROM pg_stat_activity", ids);
    }

    /** Which of these sessions wait for a lock, as the server's own views show. */
    Set<Long> waiting(Collection<Long> ids) throws SQLException {
        return among(mysql ? "SELECT ID FROM information_schema.PROCESSLIST WHERE STATE LIKE 'Waiting for%lock'"
                + " UNION SELECT trx_mysql_thread_id FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT'"
                : "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock'", ids);
    }

    /** Waits up to 10 s for these sessions to leave the server; returns those still there. */
    Set<Long> awaitGone(Collection<Long> ids) throws Exception {
        Instant deadline = Instant.now().plusSeconds(10);
        Set<Long> alive = alive(ids);
        while (!alive.isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            alive = alive(ids);
        }
        return alive;
    }

    /** Ends a session from the administrator's session, as if its client had gone away. */
    void end(long id) throws Exception {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl()); Statement s = c.createStatement()) {
            s.execute(mysql ? "KILL " + id : "SELECT pg_terminate_backend(" + id + ")");
        }
        awaitGone(List.of(id));
    }

    void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl()); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private Set<Long> among(String sql, Collection<Long> ids) throws SQLException {
        Set<Long> found = new LinkedHashSet<>();
        try (Connection c = DriverManager.getConnection(server.jdbcUrl()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                if (ids.contains(rs.getLong(1))) {
                    found.add(rs.getLong(1));
                }
            }
        }
        return found;
    }

    private static long queryLong(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** {@code dbrescue ...} as the command line runs it. */
    static Run run(String... args) {
        return CliErrorsIT.run(args);
    }

    /** The output as JSON. */
    static JsonNode json(Run run) throws Exception {
        return new ObjectMapper().readTree(run.out());
    }

    /** {@code dbrescue kill ...} with someone at the terminal who answers through {@code confirmation}. */
    static Run killWith(Confirmation confirmation, String... args) {
        KillCommand command = new KillCommand();
        command.confirmation = confirmation;
        return CliErrorsIT.runCommand(command, args);
    }
}
