package dev.dbrescue.app.connections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrescue.core.connect.Connector;
import dev.dbrescue.core.target.ClientEnvironment;
import dev.dbrescue.core.target.Target;
import dev.dbrescue.testkit.lab.ConnectionExhaustion;
import dev.dbrescue.testkit.lab.Incident;
import dev.dbrescue.testkit.lab.Lab;
import dev.dbrescue.testkit.lab.LabContext;
import dev.dbrescue.testkit.lab.Role;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dbrescue connections} against the lab's incidents, on servers with nobody else on them: the report's numbers
 * are the sessions the scenario opened.
 */
class ConnectionsLabIT {

    private static Incident start(String scenario, String engine) throws Exception {
        LabContext context = new LabContext(Target.parse(SmallServers.labUri(engine)), new Connector(ClientEnvironment.current()),
                Duration.ofSeconds(30), new PrintWriter(System.out, true));
        return Lab.scenario(scenario).start(context);
    }

    /** Seed 01: "Too many connections". Every slot is taken: the lab's, then dbrescue's in the one the lab left free. */
    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void exhaustionIsCountedSessionBySession(String engine) throws Exception {
        try (Incident incident = start("connection-exhaustion", engine)) {
            ConnectionExhaustion.Exhausted exhausted = (ConnectionExhaustion.Exhausted) incident;
            List<Long> held = incident.sessionIds().subList(0, exhausted.held()); // the last one opened was closed again
            Thread.sleep(1_100); // every lab session idle for --long-idle 1s
            CliRun run = CliRun.of("connections", "--format", "json", "--long-idle", "1s", "--leak-sessions", "5",
                    SmallServers.uri(engine));
            assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
            JsonNode json = new ObjectMapper().readTree(run.out());

            long max = json.get("max").asLong();
            long reserved = json.get("reserved").asLong();
            assertThat(json.get("maxConnections").asLong()).isEqualTo(SmallServers.MAX_CONNECTIONS);
            assertThat(reserved).isEqualTo(engine.equals("mariadb") ? 1 : 3);
            assertThat(max).isEqualTo(engine.equals("mariadb") ? 20 : 17);
            assertThat(json.get("used").asLong()).as("the lab's sessions and dbrescue's").isEqualTo(held.size() + 1)
                    .as("the server is full").isEqualTo(max + reserved);
            assertThat(json.get("headroom").asLong()).isZero();
            assertThat(json.get("reservedInUse").asLong()).isEqualTo(reserved);
            assertThat(json.get("usedRatio").asDouble()).isGreaterThan(1.0);
            assertThat(json.get("sessionCount").asLong()).isEqualTo(held.size());
            assertThat(json.get("headline").asText()).startsWith((max + reserved) + " of " + max + " connections used (")
                    .contains("none left for ordinary accounts", reserved + " of " + reserved + " reserved slot");

            JsonNode application = group(json, "application", "dbrescue-lab");
            assertThat(application.get("count").asInt()).isEqualTo(held.size());
            assertThat(ids(application)).containsExactlyInAnyOrderElementsOf(held);
            assertThat(application.get("idle").asInt()).isEqualTo(held.size());
            assertThat(application.get("idleSeconds").get("min").asDouble()).isGreaterThanOrEqualTo(1.0);
            assertThat(ids(group(json, "user", engine.equals("mariadb") ? "root" : "postgres"))).containsExactlyInAnyOrderElementsOf(held);
            assertThat(ids(json.get("groups").get("host").get(0))).containsExactlyInAnyOrderElementsOf(held);
            assertThat(json.get("groups").get("state").get(0).get("name").asText()).isEqualTo(engine.equals("mariadb") ? "Sleep" : "idle");
            assertThat(json.get("groups").get("state").get(0).get("count").asInt()).isEqualTo(held.size());

            JsonNode limit = finding(json, "connection-limit");
            assertThat(limit.get("severity").asText()).isEqualTo("critical");
            assertThat(limit.get("summary").asText()).contains(engine.equals("mariadb") ? "Too many connections" : "too many clients");
            JsonNode leak = finding(json, "connection-leak");
            assertThat(ids(leak)).containsExactlyInAnyOrderElementsOf(held);
            if (engine.equals("mariadb")) {
                // The refusal the lab provoked: MariaDB 10.11 counts it in Aborted_connects, not Connection_errors_max_connections.
                assertThat(json.get("abortedConnects").asLong()).isPositive();
                assertThat(json.get("refused").isNumber()).isTrue();
                assertThat(json.get("maxUsed").asLong()).isEqualTo(max + reserved);
                JsonNode refused = finding(json, "refused-connections");
                assertThat(refused.get("severity").asText()).isEqualTo("warning");
                assertThat(refused.get("summary").asText()).contains("Too many connections");
            } else {
                assertThat(json.get("refused").isNull()).isTrue();
            }
        }
    }

    /** Seed 04: a forgotten BEGIN; SELECT, a LOCK TABLE behind it, SELECTs behind that, each holding a connection. */
    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void aForgottenTransactionHoldsTheConnectionsQueuedBehindIt(String engine) throws Exception {
        try (Incident incident = start("idle-transaction-lock-queue", engine)) {
            long a = role(incident, "A");
            List<Long> queued = List.of(role(incident, "B"), role(incident, "C"), role(incident, "D"), role(incident, "E"));
            CliRun run = CliRun.of("connections", "--format", "json", SmallServers.uri(engine));
            assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
            JsonNode json = new ObjectMapper().readTree(run.out());
            // A to E, the lab's observer session, and dbrescue.
            assertThat(json.get("used").asLong()).isEqualTo(7);
            JsonNode user = group(json, "user", engine.equals("mariadb") ? "root" : "postgres");
            assertThat(user.get("count").asInt()).isEqualTo(6);
            assertThat(ids(user)).contains(a).containsAll(queued);
            assertThat(user.get("waiting").asInt()).isEqualTo(4);
            assertThat(user.get("idleInTransaction").asInt()).isEqualTo(1);
            assertThat(user.get("busy").asInt()).isEqualTo(4);
            // MariaDB: the connection attribute the lab's URI sets; PostgreSQL: each lab session names itself.
            assertThat(ids(group(json, "application", engine.equals("mariadb") ? "dbrescue-lab"
                    : "dbrescue lab idle-transaction-lock-queue A"))).contains(a);
            assertThat(json.get("headline").asText()).endsWith("4 waiting for locks behind session " + a);

            JsonNode idle = finding(json, "idle-in-transaction");
            assertThat(idle.get("severity").asText()).isEqualTo("critical");
            assertThat(ids(idle)).first().isEqualTo(a);
            assertThat(ids(idle)).containsExactlyInAnyOrderElementsOf(concat(a, queued));
            assertThat(idle.get("action").asText()).startsWith(engine.equals("mariadb") ? "KILL " + a : "SELECT pg_terminate_backend(" + a + ")");
            JsonNode waitingState = StreamSupport.stream(json.get("groups").get("state").spliterator(), false)
                    .filter(g -> g.get("waiting").asInt() > 0).findFirst().orElseThrow();
            assertThat(waitingState.get("name").asText()).startsWith(engine.equals("mariadb") ? "Query" : "active");

            CliRun text = CliRun.of("connections", SmallServers.uri(engine));
            assertThat(text.exitCode()).isEqualTo(1);
            assertThat(text.out().lines().findFirst().orElseThrow()).matches("7 of \\d+ connections used \\(\\d+%\\), \\d+ left; .*")
                    .endsWith("4 waiting for locks behind session " + a);
            assertThat(text.out()).contains("BY APPLICATION", "dbrescue", "CRITICAL idle-in-transaction  sessions " + a + ", ");
        }
    }

    private static long role(Incident incident, String name) {
        return incident.roles().stream().filter(r -> r.name().equals(name)).mapToLong(Role::sessionId).findFirst().orElseThrow();
    }

    private static List<Long> concat(long first, List<Long> rest) {
        List<Long> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    static JsonNode group(JsonNode json, String dimension, String name) {
        for (JsonNode g : json.get("groups").get(dimension)) {
            if (name.equals(g.get("name").asText(null))) {
                return g;
            }
        }
        throw new AssertionError("no " + dimension + " group '" + name + "' in " + json.get("groups").get(dimension));
    }

    static JsonNode finding(JsonNode json, String kind) {
        for (JsonNode f : json.get("findings")) {
            if (kind.equals(f.get("kind").asText())) {
                return f;
            }
        }
        throw new AssertionError("no " + kind + " finding in " + json.get("findings"));
    }

    static List<Long> ids(JsonNode node) {
        List<Long> ids = new ArrayList<>();
        node.get("sessionIds").forEach(id -> ids.add(id.asLong()));
        Set<Long> distinct = new HashSet<>(ids);
        assertThat(distinct).as("session ids listed once").hasSameSizeAs(ids);
        return ids;
    }
}
