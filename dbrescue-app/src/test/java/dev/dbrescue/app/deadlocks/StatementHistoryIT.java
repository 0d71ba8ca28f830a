package dev.dbrescue.app.deadlocks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrescue.app.DbRescue;
import dev.dbrescue.core.connect.Connector;
import dev.dbrescue.core.target.ClientEnvironment;
import dev.dbrescue.core.target.Target;
import dev.dbrescue.testkit.lab.Incident;
import dev.dbrescue.testkit.lab.Lab;
import dev.dbrescue.testkit.lab.LabContext;
import dev.dbrescue.testkit.server.EmbeddedMariaDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deadlocks parse --target} fills in what the report leaves out: the statements each deadlocked transaction
 * ran before the one shown, from performance_schema's statement history, while the lab's sessions are still there.
 * On a MariaDB of its own with performance_schema ON, because the tests switch its consumers and instruments.
 */
class StatementHistoryIT {

    private static final Pattern WHERE_ID = Pattern.compile("WHERE id = (\\d)");

    private static EmbeddedMariaDb mariadb;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        List<String> settings = new ArrayList<>(EmbeddedMariaDb.METADATA_LOCK_VISIBILITY);
        settings.add("--performance-schema-consumer-events-statements-history=ON");
        mariadb = EmbeddedMariaDb.start(settings);
    }

    @AfterAll
    static void stop() {
        if (mariadb != null) {
            mariadb.stop();
        }
    }

    /**
     * What the tests switch: the statement history (MariaDB has every events_* consumer off by default), and the
     * transaction events that make it exact.
     */
    private static void configure(boolean history, boolean transactions) throws Exception {
        try (Connection c = DriverManager.getConnection(mariadb.jdbcUrl()); Statement s = c.createStatement()) {
            s.execute("UPDATE performance_schema.setup_consumers SET ENABLED = '" + (history ? "YES" : "NO")
                    + "' WHERE NAME IN ('events_statements_current', 'events_statements_history')");
            s.execute("UPDATE performance_schema.setup_consumers SET ENABLED = '" + (transactions ? "YES" : "NO")
                    + "' WHERE NAME = 'events_transactions_current'");
            s.execute("UPDATE performance_schema.setup_instruments SET ENABLED = '" + (transactions ? "YES" : "NO")
                    + "', TIMED = 'YES' WHERE NAME = 'transaction'");
        }
    }

    private record Run(int code, String out, String err) {
        JsonNode deadlock() throws Exception {
            return new ObjectMapper().readTree(out).get("deadlocks").get(0);
        }
    }

    /** The lock-order deadlock, parsed from SHOW ENGINE INNODB STATUS with --target while its sessions live. */
    private Run provokeAndParse(String format) throws Exception {
        return provokeAndParse(format, mariadb.uri());
    }

    private Run provokeAndParse(String format, String target) throws Exception {
        String uri = mariadb.uri();
        LabContext context = new LabContext(Target.parse(uri), new Connector(ClientEnvironment.current()), Duration.ofSeconds(5),
                new PrintWriter(new StringWriter()));
        try (Incident incident = Lab.scenario("lock-order-deadlock").start(context)) {
            incident.finish();
            Path status = dir.resolve("status-" + format + ".txt");
            Files.writeString(status, LabDeadlocks.innodbStatus(uri));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = DbRescue.run(new String[]{"deadlocks", "parse", "--format", format, "--target", target, status.toString()},
                    new PrintWriter(out), new PrintWriter(err));
            return new Run(code, out.toString(), err.toString());
        }
    }


    /**
     * Each transaction of the lab's lock-order deadlock ran BEGIN, then the UPDATE of its own row, then the UPDATE of
     * the other's row (the one the report shows).
     */
    private static void assertEarlierStatements(JsonNode deadlock) {
        int checked = 0;
        for (JsonNode t : deadlock.get("transactions")) {
            Matcher wanted = WHERE_ID.matcher(t.get("query").asText());
            assertThat(wanted.find()).as("query %s", t.get("query")).isTrue();
            String own = wanted.group(1).equals("1") ? "2" : "1";
            JsonNode earlier = t.get("earlierStatements");
            assertThat(earlier).as("earlierStatements of thread %s", t.get("threadId")).isNotNull();
            assertThat(earlier).hasSize(2);
            assertThat(earlier.get(0).asText()).isEqualToIgnoringCase("BEGIN");
            assertThat(earlier.get(1).asText()).startsWith("UPDATE ").endsWith("WHERE id = " + own);
            assertThat(t.get("earlierStatementsComplete").asBoolean()).isTrue();
            checked++;
        }
        assertThat(checked).isEqualTo(2);
    }

    @Test
    void byBoundariesWithoutTransactionEvents() throws Exception {
        configure(true, false);
        Run run = provokeAndParse("json");
        assertThat(run.err()).as("stderr").isEmpty();
        assertThat(run.code()).isEqualTo(1);
        assertEarlierStatements(run.deadlock());
    }

    @Test
    void byTransactionEvents() throws Exception {
        configure(true, true);
        Run run = provokeAndParse("json");
        assertThat(run.err()).as("stderr").isEmpty();
        assertEarlierStatements(run.deadlock());
    }

    @Test
    void textShowsThemBeforeTheQuery() throws Exception {
        configure(true, true);
        Run run = provokeAndParse("text");
        assertThat(run.out()).containsPattern("earlier: BEGIN\\R +UPDATE \\S+ SET balance = balance - \\d+ WHERE id = \\d\\R +query:");
    }

    @Test
    void watchFillsThemInAsItRecordsTheDeadlock() throws Exception {
        configure(true, true);
        String uri = mariadb.uri();
        LabContext context = new LabContext(Target.parse(uri), new Connector(ClientEnvironment.current()), Duration.ofSeconds(5),
                new PrintWriter(new StringWriter()));
        try (Incident incident = Lab.scenario("lock-order-deadlock").start(context)) {
            incident.finish();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = DbRescue.run(new String[]{"deadlocks", "watch", uri, "--once"}, new PrintWriter(out), new PrintWriter(err));
            assertThat(code).as("stderr: %s", err).isZero();
            JsonNode line = new ObjectMapper().readTree(out.toString().lines().filter(l -> l.contains("\"deadlock\""))
                    .findFirst().orElseThrow(() -> new AssertionError("no deadlock line in " + out)));
            assertEarlierStatements(line);
        }
    }

    @Test
    void historyOffIsOneWarningWithTheRemedyAndTheReportIsUnchanged() throws Exception {
        configure(false, false);
        Run run = provokeAndParse("json");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).contains("performance_schema keeps no statement history")
                .contains("UPDATE performance_schema.setup_consumers SET ENABLED = 'YES'");
        for (JsonNode t : run.deadlock().get("transactions")) {
            assertThat(t.has("earlierStatements")).isFalse();
        }
    }

    @Test
    void withoutSelectOnPerformanceSchemaTheWarningNamesTheGrant() throws Exception {
        configure(true, true);
        try (Connection c = DriverManager.getConnection(mariadb.jdbcUrl()); Statement s = c.createStatement()) {
            s.execute("CREATE USER IF NOT EXISTS 'no_pfs'@'%' IDENTIFIED BY 'secret-pw'");
            s.execute("GRANT SELECT ON test.* TO 'no_pfs'@'%'");
        }
        String uri = mariadb.uri();
        String limited = uri.replaceFirst("//[^@/]*@", "//no_pfs:secret-pw@");
        assertThat(limited).as("a URI with the limited user in it").contains("no_pfs:secret-pw@");
        Run run = provokeAndParse("json", limited);
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("GRANT SELECT ON performance_schema.* TO 'no_pfs'@'%'").doesNotContain("secret-pw");
        assertThat(run.err().strip().lines()).hasSize(1);
        for (JsonNode t : run.deadlock().get("transactions")) {
            assertThat(t.has("earlierStatements")).isFalse();
        }
    }
}
