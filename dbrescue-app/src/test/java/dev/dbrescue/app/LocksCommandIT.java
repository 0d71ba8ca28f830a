package dev.dbrescue.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrescue.core.connect.Connector;
import dev.dbrescue.core.target.ClientEnvironment;
import dev.dbrescue.core.target.Target;
import dev.dbrescue.testkit.lab.Incident;
import dev.dbrescue.testkit.lab.Lab;
import dev.dbrescue.testkit.lab.LabContext;
import dev.dbrescue.testkit.server.TestServers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import static dev.dbrescue.app.CliErrorsIT.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code dbrescue locks} end to end: a lab incident on a real server, diagnosed through the command line. */
class LocksCommandIT {

    private static String uri(String engine) {
        return engine.equals("mariadb") ? TestServers.mariadb().uri() : TestServers.postgres().uri();
    }

    private static Incident start(String scenario, String uri) throws Exception {
        LabContext context = new LabContext(Target.parse(uri), new Connector(ClientEnvironment.current()), Duration.ofSeconds(30),
                new PrintWriter(new StringWriter()));
        return Lab.scenario(scenario).start(context);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void jsonNamesTheRootBlockerAndExitsOne(String engine) throws Exception {
        String uri = uri(engine);
        try (Incident incident = start("row-lock-wait", uri)) {
            long root = incident.expected().rootBlocker();
            CliErrorsIT.Run result = run("locks", "--format", "json", uri);
            assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
            JsonNode json = new ObjectMapper().readTree(result.out());
            assertThat(json.get("engine").asText()).isEqualTo(engine.equals("mariadb") ? "mariadb" : "postgresql");
            assertThat(json.get("rootBlockers").get(0).get("sessionId").asLong()).isEqualTo(root);
            assertThat(json.get("rootBlockers").get(0).get("waiters").size()).isEqualTo(1);
            assertThat(json.get("findings").findValuesAsText("kind")).contains("idle-in-transaction", "root-blocker");
            JsonNode wait = json.get("waits").get(0);
            assertThat(wait.get("blocker").asLong()).isEqualTo(root);
            assertThat(wait.get("kind").asText()).isEqualTo("hard");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void textShowsTheTreeAndTheFirstAidSql(String engine) throws Exception {
        String uri = uri(engine);
        try (Incident incident = start("row-lock-wait", uri)) {
            long root = incident.expected().rootBlocker();
            CliErrorsIT.Run result = run("locks", uri);
            assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
            assertThat(result.out()).contains("BLOCKING TREE", "[" + root + "]", "FINDINGS",
                    engine.equals("mariadb") ? "do:  KILL " + root : "do:  SELECT pg_terminate_backend(" + root + ")");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void watchSamplesAgainAndAgainUntilInterrupted(String engine) throws Exception {
        String uri = uri(engine);
        try (Incident incident = start("row-lock-wait", uri)) {
            java.util.concurrent.atomic.AtomicReference<CliErrorsIT.Run> result = new java.util.concurrent.atomic.AtomicReference<>();
            Thread watcher = new Thread(() -> result.set(run("locks", "--watch", "0.3", "--format", "json", uri)));
            watcher.start();
            Thread.sleep(2000);
            watcher.interrupt();
            watcher.join(10_000);
            assertThat(watcher.isAlive()).isFalse();
            assertThat(result.get().exitCode()).as(result.get().err()).isEqualTo(1);
            long samples = result.get().out().lines().filter(l -> l.startsWith("  \"engine\"")).count();
            assertThat(samples).isGreaterThanOrEqualTo(3);
            assertThat(result.get().out()).contains("\"sessionId\" : " + incident.expected().rootBlocker());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void nothingBlockedExitsZero(String engine) {
        CliErrorsIT.Run result = run("locks", uri(engine));
        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(0);
        assertThat(result.out()).contains("Nothing is blocked");
    }
}
