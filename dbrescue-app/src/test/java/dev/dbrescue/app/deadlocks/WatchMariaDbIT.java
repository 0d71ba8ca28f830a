package dev.dbrescue.app.deadlocks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbrescue.app.DbRescue;
import dev.dbrescue.core.connect.Connector;
import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.spi.DeadlockFeed;
import dev.dbrescue.core.spi.Reading;
import dev.dbrescue.core.target.ClientEnvironment;
import dev.dbrescue.core.target.Target;
import dev.dbrescue.testkit.server.ServerHandle;
import dev.dbrescue.testkit.server.TestServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deadlocks watch} on MariaDB. The embedded server logs to its standard error (no log_error file) and has
 * innodb_print_all_deadlocks off, so what is tested here is the other source: polling SHOW ENGINE INNODB STATUS,
 * which keeps only the latest deadlock, and the Innodb_deadlocks counter that tells how many it did not show.
 */
class WatchMariaDbIT {

    private static ServerHandle server;

    record Run(int exitCode, String out, String err) {
    }

    @BeforeAll
    static void server() {
        server = TestServers.mariadb();
    }

    /** {@code dbrescue deadlocks watch ARGS} with a given seen-set, as one process would run it twice. */
    static Run watch(RecentFingerprints seen, String... args) {
        WatchCommand command = new WatchCommand();
        command.seen = seen;
        dev.dbrescue.app.CliErrorsIT.Run run = dev.dbrescue.app.CliErrorsIT.runCommand(command, args);
        return new Run(run.exitCode(), run.out(), run.err());
    }

    static Run dbrescue(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DbRescue.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void onceRecordsTheLabDeadlockWithBothThreadsAndOnlyOnce() throws Exception {
        List<Long> lab = LabDeadlocks.lockOrderDeadlock(server.uri());
        RecentFingerprints seen = new RecentFingerprints();

        Run first = watch(seen, "--once", server.uri());
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.err()).contains("polling SHOW ENGINE INNODB STATUS");
        List<JsonNode> lines = LabDeadlocks.lines(first.out());
        assertThat(lines).as(first.out()).hasSize(1);
        JsonNode deadlock = lines.get(0);
        assertThat(deadlock.get("type").asText()).isEqualTo("deadlock");
        assertThat(deadlock.get("engine").asText()).isEqualTo("mariadb");
        assertThat(deadlock.get("source").asText()).isEqualTo(DeadlockWatch.STATUS_SOURCE);
        assertThat(LabDeadlocks.threadIds(deadlock)).containsExactlyInAnyOrderElementsOf(lab);
        assertThat(deadlock.get("pattern").asText()).isEqualTo("lock-order");

        Run second = watch(seen, "--once", server.uri());
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).as("the same deadlock, still in the status, is not recorded twice").isEmpty();

        Run fresh = watch(new RecentFingerprints(), "--once", server.uri());
        assertThat(LabDeadlocks.lines(fresh.out())).as("without the seen-set it would have been")
                .extracting(n -> n.get("fingerprint").asText()).containsExactly(deadlock.get("fingerprint").asText());
    }

    @Test
    void theCounterTellsHowManyDeadlocksTheStatusDidNotShow() throws Exception {
        try (ServerConnection c = new Connector(ClientEnvironment.current()).open(Target.parse(server.uri()))) {
            DeadlockFeed feed = c.family().deadlockFeed(c.server());
            StringWriter out = new StringWriter();
            List<String> messages = new ArrayList<>();
            DeadlockWatch watch = new DeadlockWatch(feed, new JsonLines(out, "test"), new RecentFingerprints(), messages::add,
                    new DeadlockWatch.Settings(true, null, false, false), Clock.systemUTC());
            watch.poll(c.connection());
            assertThat(watch.source()).isEqualTo(DeadlockWatch.Source.STATUS);
            long before = feed.deadlockCount(c.connection()).value();
            int written = out.toString().length();

            LabDeadlocks.lockOrderDeadlock(server.uri());
            List<Long> latest = LabDeadlocks.lockOrderDeadlock(server.uri());
            assertThat(feed.deadlockCount(c.connection()).value()).as("Innodb_deadlocks").isEqualTo(before + 2);

            DeadlockWatch.Poll poll = watch.poll(c.connection());
            assertThat(poll).isEqualTo(new DeadlockWatch.Poll(1, 1));
            List<JsonNode> lines = LabDeadlocks.lines(out.toString().substring(written));
            assertThat(LabDeadlocks.ofType(lines, "deadlock")).hasSize(1)
                    .allSatisfy(d -> assertThat(LabDeadlocks.threadIds(d)).containsExactlyInAnyOrderElementsOf(latest));
            List<JsonNode> missed = LabDeadlocks.ofType(lines, "missed");
            assertThat(missed).hasSize(1);
            assertThat(missed.get(0).get("count").asLong()).isEqualTo(1);
            assertThat(missed.get(0).get("counter").asLong()).isEqualTo(before + 2);
            assertThat(missed.get(0).get("since").asText()).isLessThan(missed.get(0).get("until").asText());
            assertThat(missed.get(0).get("hint").asText()).contains("innodb_print_all_deadlocks");
            assertThat(messages).anyMatch(m -> m.contains("could not be seen"));

            assertThat(watch.poll(c.connection())).as("nothing new").isEqualTo(new DeadlockWatch.Poll(0, 0));
        }
    }

    @Test
    void theFeedSaysWhyTheErrorLogCannotBeReadAndKeepsTheLatestReport() throws Exception {
        LabDeadlocks.lockOrderDeadlock(server.uri());
        try (ServerConnection c = new Connector(ClientEnvironment.current()).open(Target.parse(server.uri()))) {
            DeadlockFeed feed = c.family().deadlockFeed(c.server());
            Reading<java.nio.file.Path> log = feed.serverLog(c.connection());
            assertThat(log.value()).isNull();
            assertThat(log.limitation().reason()).containsAnyOf("innodb_print_all_deadlocks is OFF", "log_error is");
            assertThat(feed.latestReport(c.connection()).value()).contains("LATEST DETECTED DEADLOCK");
            assertThat(feed.deadlockCount(c.connection()).value()).isPositive();
        }
    }

    @Test
    void withoutProcessPrivilegeItWarnsWithTheGrantAndStillCounts() throws Exception {
        try (Connection root = DriverManager.getConnection(server.jdbcUrl()); Statement s = root.createStatement()) {
            for (String host : List.of("%", "localhost")) {
                s.execute("CREATE USER IF NOT EXISTS 'dbrescue_watch_np'@'" + host + "' IDENTIFIED BY 'np-secret-77'");
            }
        }
        String hostPort = server.uri().replaceFirst("^mysql://[^@]*@", "").replaceFirst("/.*$", "");
        Run run = dbrescue("deadlocks", "watch", "--once", "mysql://dbrescue_watch_np:np-secret-77@" + hostPort);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("SHOW ENGINE INNODB STATUS").contains("GRANT PROCESS ON *.* TO 'dbrescue_watch_np'@")
                .contains("only counting deadlocks").doesNotContain("np-secret-77").doesNotContain("\tat ");
    }
}
