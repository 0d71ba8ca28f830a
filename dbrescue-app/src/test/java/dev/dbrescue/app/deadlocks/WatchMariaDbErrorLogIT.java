package dev.dbrescue.app.deadlocks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbrescue.core.connect.Connector;
import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.spi.DeadlockFeed;
import dev.dbrescue.core.spi.Reading;
import dev.dbrescue.core.target.ClientEnvironment;
import dev.dbrescue.core.target.Target;
import dev.dbrescue.testkit.server.EmbeddedMariaDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lossless path on MariaDB: an error log with innodb_print_all_deadlocks=ON, tailed. The embedded server writes
 * its log to standard error (a file the testkit names; @@log_error is empty), so watch is given it with
 * --server-log, as one would give a log shipped from a container.
 */
class WatchMariaDbErrorLogIT {

    private static EmbeddedMariaDb server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServerThatLogsEveryDeadlock() {
        List<String> settings = new ArrayList<>(EmbeddedMariaDb.METADATA_LOCK_VISIBILITY);
        settings.add("--innodb-print-all-deadlocks=ON");
        server = EmbeddedMariaDb.start(settings);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    private static ServerConnection connect() {
        return new Connector(ClientEnvironment.current()).open(Target.parse(server.uri()));
    }

    private static DeadlockWatch watch(ServerConnection c, StringWriter out, Path log, List<String> messages) {
        return new DeadlockWatch(c.family().deadlockFeed(c.server()), new JsonLines(out, "test"), new RecentFingerprints(),
                messages::add, new DeadlockWatch.Settings(true, log, false, false), Clock.systemUTC());
    }

    @Test
    void theFeedSaysTheServerLogsToItsStandardError() throws Exception {
        try (ServerConnection c = connect()) {
            Reading<Path> log = c.family().deadlockFeed(c.server()).serverLog(c.connection());
            assertThat(log.value()).isNull();
            assertThat(log.limitation().reason()).contains("log_error is ''");
            assertThat(log.limitation().remedy()).contains("log_error");
        }
    }

    @Test
    void everyDeadlockInTheErrorLogIsRecordedOnceAndTheCounterAgrees() throws Exception {
        try (ServerConnection c = connect()) {
            StringWriter out = new StringWriter();
            List<String> messages = new ArrayList<>();
            DeadlockWatch watch = watch(c, out, server.errorLog(), messages);
            assertThat(watch.poll(c.connection())).isEqualTo(new DeadlockWatch.Poll(0, 0));
            assertThat(watch.source()).isEqualTo(DeadlockWatch.Source.LOG);

            List<Long> first = LabDeadlocks.lockOrderDeadlock(server.uri());
            List<Long> second = LabDeadlocks.lockOrderDeadlock(server.uri());
            watch.poll(c.connection());
            watch.poll(c.connection()); // the newest report is held back one poll
            watch.poll(c.connection());

            List<JsonNode> lines = LabDeadlocks.lines(out.toString());
            List<JsonNode> deadlocks = LabDeadlocks.ofType(lines, "deadlock");
            assertThat(deadlocks).as("messages: " + messages).hasSize(2);
            assertThat(LabDeadlocks.threadIds(deadlocks.get(0))).containsExactlyInAnyOrderElementsOf(first);
            assertThat(LabDeadlocks.threadIds(deadlocks.get(1))).containsExactlyInAnyOrderElementsOf(second);
            assertThat(deadlocks).allSatisfy(d -> {
                assertThat(d.get("engine").asText()).isEqualTo("mariadb");
                assertThat(d.get("source").asText()).startsWith(server.errorLog().toString() + "@");
            });
            // MariaDB 10.11.5 counts each deadlock twice (MDEV-33935): the feed halves it, so nothing is missed.
            assertThat(LabDeadlocks.ofType(lines, "missed")).as("messages: " + messages).isEmpty();
        }
    }

    /**
     * The server's log written again into another file as if watch had read while the server was writing a report:
     * wherever the read cuts the report, each deadlock is recorded once and whole, exactly as reading the finished
     * file at once records it. (A server writes one report within milliseconds, and watch reads after 200 ms of
     * quiet, so a report is cut by at most one read.)
     */
    @Test
    void aReportCutAnywhereIsRecordedOnceAndWhole() throws Exception {
        LabDeadlocks.lockOrderDeadlock(server.uri());
        Thread.sleep(300); // the server has written its report
        byte[] log = Files.readAllBytes(server.errorLog());
        List<JsonNode> whole = recordAtOnce(server.errorLog());
        assertThat(whole).isNotEmpty();
        List<JsonNode> expected = whole.stream().map(LabDeadlocks::content).toList();
        try (ServerConnection c = connect()) {
            for (int cut : LabDeadlocks.cutsInsideLastReport(log, "deadlock detected", 3000)) {
                Path copy = dir.resolve("replayed-" + cut + ".err");
                StringWriter out = new StringWriter();
                try (DeadlockWatch watch = new DeadlockWatch(c.family().deadlockFeed(c.server()), new JsonLines(out, "test"),
                        new RecentFingerprints(), m -> { }, new DeadlockWatch.Settings(true, copy, false, false), Clock.systemUTC())) {
                    LabDeadlocks.replay(log, cut, copy, c.connection(), watch);
                }
                List<JsonNode> replayed = LabDeadlocks.ofType(LabDeadlocks.lines(out.toString()), "deadlock");
                assertThat(replayed).as("cut at byte " + cut).map(LabDeadlocks::content).containsExactlyElementsOf(expected);
            }
        }
    }

    /** What {@code watch --once --server-log FILE} records from a finished file. */
    private List<JsonNode> recordAtOnce(Path file) {
        WatchMariaDbIT.Run run = WatchMariaDbIT.dbrescue("deadlocks", "watch", "--once", "--server-log", file.toString(), server.uri());
        assertThat(run.exitCode()).as(run.err()).isZero();
        return LabDeadlocks.ofType(LabDeadlocks.lines(run.out()), "deadlock");
    }
}
