package dev.dbrescue.app.kill;

import dev.dbrescue.app.Confirmation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrescue.app.CliErrorsIT.Run;
import dev.dbrescue.testkit.lab.Incident;
import dev.dbrescue.testkit.lab.Lab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static dev.dbrescue.app.kill.KillFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What must not go wrong when sessions are ended on real servers: a session that ends or changes between selection and
 * kill, an account that may not end sessions, the cap of {@code --watch}.
 */
class KillSafetyIT {

    @TempDir
    Path dir;

    private final List<Connection> sessions = new ArrayList<>();

    @AfterEach
    void closeSessions() {
        for (Connection c : sessions) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already ended by the test
            }
        }
    }

    /** {@code n} sessions of the application account, each idle in a transaction that changed a row. */
    private List<Long> idleInTransaction(KillFixture f, String table, int n) throws Exception {
        f.admin("DROP TABLE IF EXISTS " + table);
        f.admin("CREATE TABLE " + table + " (id INT PRIMARY KEY, v INT NOT NULL)");
        f.admin("INSERT INTO " + table + " VALUES (1, 0), (2, 0), (3, 0), (4, 0)");
        if (!f.mysql) {
            f.admin("GRANT ALL ON " + table + " TO " + KillFixture.APP);
        }
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            Connection c = f.appSession();
            sessions.add(c);
            touch(c, table, i);
            ids.add(f.id(c));
        }
        return ids;
    }

    private static void touch(Connection c, String table, int row) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE " + table + " SET v = v + 1 WHERE id = " + row);
        }
    }

    private static String table(KillFixture f, String name) {
        return f.mysql ? "test." + name : name;
    }

    private static Confirmation answering(Runnable meanwhile) {
        return new Confirmation() {
            @Override
            public boolean available() {
                return true;
            }

            @Override
            public boolean confirm(String question) {
                meanwhile.run();
                return true;
            }
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void aSessionThatEndsWhileTheUserConfirmsIsReportedNotKilled(String engine) throws Exception {
        KillFixture f = KillFixture.on(engine);
        long id = idleInTransaction(f, table(f, "dbrescue_kill_gone"), 1).get(0);
        Path audit = dir.resolve("audit.jsonl");
        Run result = KillFixture.killWith(answering(() -> {
            try {
                f.end(id); // its client went away while the question was on the screen
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }), "--idle-in-transaction", "0s", "--user", KillFixture.APP, "--execute", "--audit-log", audit.toString(), f.admin());
        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        assertThat(result.out()).contains("[" + id + "]", "done: ", "-> gone: it ended before dbrescue acted");
        JsonNode entry = new ObjectMapper().readTree(Files.readAllLines(audit).get(0));
        assertThat(entry.get("result").asText()).isEqualTo("gone");
        assertThat(entry.get("session").asLong()).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void aSessionWhoseTransactionChangedIsLeftAlone(String engine) throws Exception {
        KillFixture f = KillFixture.on(engine);
        String table = table(f, "dbrescue_kill_changed");
        long id = idleInTransaction(f, table, 1).get(0);
        Connection session = sessions.get(0);
        Run result = KillFixture.killWith(answering(() -> {
            try {
                session.commit();      // the transaction it was selected for ended...
                touch(session, table, 2); // ...and a new one began, idle in transaction again
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }), "--idle-in-transaction", "0s", "--user", KillFixture.APP, "--execute", "--format", "json",
                "--audit-log", dir.resolve("audit.jsonl").toString(), f.admin());
        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        String last = result.out().substring(result.out().lastIndexOf("\n{") + 1);
        JsonNode selected = new ObjectMapper().readTree(last).get("selected").get(0);
        assertThat(selected.get("result").asText()).isEqualTo("changed");
        assertThat(selected.get("detail").asText()).isEqualTo("its transaction ended since it was selected and a new one began");
        assertThat(f.alive(List.of(id))).containsExactly(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void anAccountThatMayOnlyLookIsToldWhichPrivilegeItLacks(String engine) throws Exception {
        KillFixture f = KillFixture.on(engine);
        try (Incident incident = f.start(Lab.scenario("idle-transaction-lock-queue"))) {
            String monitor = f.as(KillFixture.MONITOR);
            Run dry = run("kill", "--root-blockers", monitor);
            assertThat(dry.exitCode()).as(dry.err()).isEqualTo(1);
            assertThat(dry.out()).contains("NOT ALLOWED: ");

            Run refused = run("kill", "--root-blockers", "--execute", "--yes", "--audit-log",
                    dir.resolve("audit.jsonl").toString(), monitor);
            assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(5);
            assertThat(refused.err().strip().lines()).hasSize(1);
            assertThat(refused.err()).contains("may not end other users' sessions")
                    .contains(f.mysql ? "CONNECTION ADMIN or SUPER (PROCESS only lets it see other users' sessions)" : "pg_signal_backend")
                    .doesNotContain(KillFixture.PASSWORD);
            assertThat(f.alive(incident.sessionIds())).hasSize(incident.sessionIds().size());
            assertThat(Files.readAllLines(dir.resolve("audit.jsonl"))).as("nothing was done, so nothing is audited").isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres"})
    void onlySuperusersMayEndSuperusersSessions(String engine) throws Exception {
        KillFixture f = KillFixture.on(engine);
        try (Connection admin = java.sql.DriverManager.getConnection(f.server.jdbcUrl())) {
            admin.setAutoCommit(false);
            try (Statement s = admin.createStatement()) {
                s.execute("SELECT 1"); // idle in transaction, as the superuser
            }
            Run refused = run("kill", "--idle-in-transaction", "0s", "--include-superusers", "--execute", "--yes",
                    "--audit-log", dir.resolve("audit.jsonl").toString(), f.as(KillFixture.SIGNALER));
            assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(5);
            assertThat(refused.err()).contains("may not end privileged accounts' sessions", "only a superuser may end a superuser's session");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void watchEndsNoMoreThanTheCapPerMinute(String engine) throws Exception {
        KillFixture f = KillFixture.on(engine);
        List<Long> ids = idleInTransaction(f, table(f, "dbrescue_kill_watch"), 3);
        AtomicReference<Run> result = new AtomicReference<>();
        Thread watcher = new Thread(() -> result.set(run("kill", "--watch", "1", "--idle-in-transaction", "0s", "--user",
                KillFixture.APP, "--execute", "--yes", "--max-kills-per-minute", "2", "--format", "json",
                "--audit-log", dir.resolve("audit.jsonl").toString(), f.admin())));
        watcher.start();
        Thread.sleep(3500);
        watcher.interrupt();
        watcher.join(15_000);
        assertThat(watcher.isAlive()).isFalse();
        Run run = result.get();
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(f.alive(ids)).as("one of the three is left for the next minute").hasSize(1);
        assertThat(run.out()).contains("\"result\":\"held-back\"");
        assertThat(run.out().lines().filter(l -> l.startsWith("{"))).allSatisfy(l -> new ObjectMapper().readTree(l));
        assertThat(Files.readAllLines(dir.resolve("audit.jsonl"))).filteredOn(l -> l.contains("\"result\":\"ended\"")).hasSize(2);
        assertThat(run.err()).contains("dbrescue kill: applying", "dbrescue kill: stopped; ended 2 sessions");
    }
}
