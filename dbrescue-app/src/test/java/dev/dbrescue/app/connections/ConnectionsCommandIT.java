package dev.dbrescue.app.connections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code dbrescue connections} through the command line: its JSON contract, exit codes and one-line errors. */
class ConnectionsCommandIT {

    @Test
    void anUnreachableServerIsExitThreeInOneLine() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        for (String uri : new String[]{"mysql://root:sekrit99@127.0.0.1:" + port + "/test",
                "postgresql://postgres:sekrit99@127.0.0.1:" + port + "/postgres"}) {
            CliRun run = CliRun.of("connections", uri);
            assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
            assertThat(run.err().strip().lines()).hasSize(1);
            assertThat(run.err()).startsWith("dbrescue: ").contains("127.0.0.1:" + port).doesNotContain("sekrit99", "\tat ");
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void badOptionsAreExitTwoInOneLine() {
        String target = "mysql://root@127.0.0.1:1/test"; // never reached: options are checked first
        String[][] cases = {
                {"--near-limit", "0"}, {"--near-limit", "120"}, {"--near-limit", "lots"}, {"--watch", "0"}, {"--watch", "-1"},
                {"--leak-sessions", "0"}, {"--long-idle", "-5m"}, {"--idle-in-transaction", "soon"}, {"--format", "yaml"},
                {"--no-such-option"}};
        for (String[] options : cases) {
            String[] args = new String[options.length + 2];
            args[0] = "connections";
            System.arraycopy(options, 0, args, 1, options.length);
            args[args.length - 1] = target;
            CliRun run = CliRun.of(args);
            assertThat(run.exitCode()).as(String.join(" ", options) + ": " + run.err()).isEqualTo(2);
            assertThat(run.err().strip().lines()).as(String.join(" ", options)).hasSize(1);
            assertThat(run.err()).startsWith("dbrescue: ").contains("see 'dbrescue connections --help'");
        }
        CliRun noTarget = CliRun.of("connections");
        assertThat(noTarget.exitCode()).isEqualTo(2);
        assertThat(noTarget.err()).contains("TARGET");
        CliRun scheme = CliRun.of("connections", "oracle://scott@127.0.0.1");
        assertThat(scheme.exitCode()).isEqualTo(2);
        assertThat(scheme.err().strip().lines()).hasSize(1);
    }

    /** A server with nobody on it: nothing worse than advice, exit 0; the JSON has every name of the contract. */
    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void aQuietServerIsExitZeroAndTheJsonKeepsTheContract(String engine) throws Exception {
        CliRun run = CliRun.of("connections", "--format", "json", SmallServers.uri(engine));
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("engine").asText()).isEqualTo(engine.equals("mariadb") ? "mariadb" : "postgresql");
        for (String field : new String[]{"version", "capturedAt", "headline", "used", "max", "usedRatio", "headroom",
                "headroomRatio", "reserved", "reservedInUse", "reservedFor", "maxConnections", "maxUsed", "refused",
                "abortedConnects", "uptimeSeconds", "timeouts", "sessionCount", "groups", "findings", "limitations", "queryCount"}) {
            assertThat(json.has(field)).as(field).isTrue();
        }
        assertThat(json.get("used").isIntegralNumber()).isTrue();
        assertThat(json.get("max").asLong()).isEqualTo(engine.equals("mariadb") ? 20 : 17);
        assertThat(json.get("usedRatio").asDouble()).isEqualTo(Math.round(json.get("used").asDouble() / json.get("max").asDouble() * 10_000) / 10_000.0);
        assertThat(json.get("groups").fieldNames()).toIterable().containsExactly("user", "host", "database", "application", "state");
        assertThat(json.get("findings").findValuesAsText("severity")).doesNotContain("critical", "warning");
        assertThat(json.get("findings").findValuesAsText("kind")).contains("missing-timeout");
        JsonNode timeout = json.get("timeouts").get(0);
        assertThat(timeout.get("name").asText()).isEqualTo(engine.equals("mariadb") ? "wait_timeout" : "idle_in_transaction_session_timeout");
        assertThat(json.get("queryCount").asInt()).isEqualTo(engine.equals("mariadb") ? 4 : 2);

        CliRun text = CliRun.of("connections", SmallServers.uri(engine));
        assertThat(text.exitCode()).isZero();
        assertThat(text.out().lines().findFirst().orElseThrow()).matches("\\d+ of " + json.get("max").asLong() + " connections used \\(\\d+%\\), \\d+ left.*");
    }

    @Test
    void watchSamplesUntilInterruptedOneJsonDocumentEach() throws Exception {
        AtomicReference<CliRun> result = new AtomicReference<>();
        Thread watcher = new Thread(() -> result.set(CliRun.of("connections", "--watch", "0.3", "--format", "json", SmallServers.postgres())));
        watcher.start();
        Thread.sleep(2_000);
        watcher.interrupt();
        watcher.join(10_000);
        assertThat(watcher.isAlive()).isFalse();
        assertThat(result.get().exitCode()).as(result.get().err()).isZero();
        long documents = result.get().out().lines().filter(l -> l.startsWith("  \"headline\"")).count();
        assertThat(documents).isGreaterThanOrEqualTo(3);
    }
}
