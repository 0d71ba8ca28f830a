package dev.dbrescue.app.deadlocks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbrescue.core.connect.Connector;
import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.spi.DeadlockFeed;
import dev.dbrescue.core.spi.Reading;
import dev.dbrescue.core.target.ClientEnvironment;
import dev.dbrescue.core.target.Target;
import dev.dbrescue.testkit.server.EmbeddedPostgres;
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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deadlocks watch} on PostgreSQL 15 with the logging collector on: watch asks the server where its log is
 * (pg_current_logfile), tails it and records the lab's deadlock from the log. As root (CI) the server runs as
 * nobody and writes its log with mode 0600; root reads it.
 */
class WatchPostgresIT {

    private static EmbeddedPostgres server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServerWithItsOwnLogFiles() {
        server = EmbeddedPostgres.start(Map.of("logging_collector", "on", "log_lock_waits", "on"));
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

    @Test
    void theFeedNamesTheServerLogAndCounts() throws Exception {
        try (ServerConnection c = connect()) {
            DeadlockFeed feed = c.family().deadlockFeed(c.server());
            Reading<Path> log = feed.serverLog(c.connection());
            assertThat(log.limitation()).isNull();
            assertThat(log.value().toRealPath()).isEqualTo(server.serverLog().toRealPath());
            assertThat(feed.latestReport(c.connection())).isEqualTo(Reading.none());
            assertThat(feed.deadlockCount(c.connection()).value()).isNotNull().isNotNegative();
        }
    }

    @Test
    void tailsTheLogAndRecordsTheLabDeadlockOnce() throws Exception {
        try (ServerConnection c = connect()) {
            StringWriter out = new StringWriter();
            List<String> messages = new ArrayList<>();
            DeadlockWatch watch = new DeadlockWatch(c.family().deadlockFeed(c.server()), new JsonLines(out, "test"),
                    new RecentFingerprints(), messages::add, new DeadlockWatch.Settings(true, null, false, false), Clock.systemUTC());
            assertThat(watch.poll(c.connection()).deadlocks()).isZero();
            assertThat(watch.source()).as(String.join("\n", messages)).isEqualTo(DeadlockWatch.Source.LOG);

            List<Long> lab = LabDeadlocks.lockOrderDeadlock(server.uri());

            // A report read in the newest text is held back one poll, so that it is whole when written.
            long deadline = System.currentTimeMillis() + 20_000;
            while (LabDeadlocks.ofType(LabDeadlocks.lines(out.toString()), "deadlock").isEmpty() && System.currentTimeMillis() < deadline) {
                watch.poll(c.connection());
                Thread.sleep(500);
            }
            List<JsonNode> deadlocks = LabDeadlocks.ofType(LabDeadlocks.lines(out.toString()), "deadlock");
            assertThat(deadlocks).as("deadlocks recorded; messages: " + messages).hasSize(1);
            JsonNode d = deadlocks.get(0);
            assertThat(d.get("engine").asText()).isEqualTo("postgresql");
            assertThat(LabDeadlocks.threadIds(d)).containsExactlyInAnyOrderElementsOf(lab);
            assertThat(lab).contains(d.get("victimThreadId").asLong());
            assertThat(d.get("source").asText()).startsWith(server.serverLog().toString());

            // The statistics reach pg_stat_database within about a second: the count then agrees with the log.
            Thread.sleep(2_000);
            assertThat(watch.poll(c.connection())).isEqualTo(new DeadlockWatch.Poll(0, 0));
            assertThat(watch.poll(c.connection())).isEqualTo(new DeadlockWatch.Poll(0, 0));
            assertThat(LabDeadlocks.ofType(LabDeadlocks.lines(out.toString()), "missed")).isEmpty();
        }
    }

    @Test
    void onceReadsTheWholeLogAndTheOutputFileRemembersWhatWasRecorded() throws Exception {
        List<Long> lab = LabDeadlocks.lockOrderDeadlock(server.uri());
        Path output = dir.resolve("deadlocks.jsonl");

        WatchMariaDbIT.Run first = WatchMariaDbIT.dbrescue("deadlocks", "watch", "--once", "--output", output.toString(), server.uri());
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).isEmpty();
        assertThat(first.err()).contains("tailing ").contains(server.serverLog().getFileName().toString());
        List<JsonNode> recorded = LabDeadlocks.ofType(LabDeadlocks.lines(Files.readString(output)), "deadlock");
        assertThat(recorded).anySatisfy(d -> assertThat(LabDeadlocks.threadIds(d)).containsExactlyInAnyOrderElementsOf(lab));

        WatchMariaDbIT.Run second = WatchMariaDbIT.dbrescue("deadlocks", "watch", "--once", "--output", output.toString(), server.uri());
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(LabDeadlocks.lines(Files.readString(output))).as("nothing recorded twice").hasSize(recorded.size());
    }

    /**
     * The server's log written again piece by piece into another file, cut inside the deadlock report: whatever the
     * cuts, each deadlock is recorded once and whole, exactly as reading the finished file at once records it.
     */
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
        byte[] log = Files.readAllBytes(server.serverLog());
        List<JsonNode> whole = recordAtOnce(server.serverLog());
        assertThat(whole).isNotEmpty();
        List<JsonNode> expected = whole.stream().map(LabDeadlocks::content).toList();
        try (ServerConnection c = connect()) {
            for (int cut : LabDeadlocks.cutsInsideLastReport(log, "deadlock detected", 1500)) {
                Path copy = dir.resolve("replayed-" + cut + ".log");
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
