package dev.dbrescue.app.kill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrescue.app.CliErrorsIT.Run;
import dev.dbrescue.core.connect.Connector;
import dev.dbrescue.core.target.ClientEnvironment;
import dev.dbrescue.core.target.Target;
import dev.dbrescue.testkit.lab.ConnectionExhaustion;
import dev.dbrescue.testkit.lab.Incident;
import dev.dbrescue.testkit.lab.Lab;
import dev.dbrescue.testkit.lab.LabContext;
import dev.dbrescue.testkit.lab.Role;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.dbrescue.app.kill.KillFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dbrescue kill} on the lab's incidents, on real MariaDB and PostgreSQL servers. The incidents run as an
 * ordinary application account; dbrescue as the administrator. What ended and what survived is checked in the
 * server's own session list, not in dbrescue's output.
 */
class KillLabIT {

    @TempDir
    Path dir;

    private static long role(Incident incident, String name) {
        return incident.roles().stream().filter(r -> r.name().equals(name)).findFirst().map(Role::sessionId).orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void withoutExecuteNothingEnds(String engine) throws Exception {
        KillFixture f = KillFixture.on(engine);
        try (Incident incident = f.start(Lab.scenario("idle-transaction-lock-queue"))) {
            long a = role(incident, "A");
            Run dry = run("kill", "--root-blockers", "--format", "json", f.admin());
            assertThat(dry.exitCode()).as(dry.err()).isEqualTo(1);
            JsonNode json = KillFixture.json(dry);
            assertThat(json.get("dryRun").asBoolean()).isTrue();
            assertThat(json.get("selected")).hasSize(1);
            JsonNode selected = json.get("selected").get(0);
            assertThat(selected.get("id").asLong()).isEqualTo(a);
            assertThat(selected.get("waitersBehind").asInt()).isEqualTo(4);
            assertThat(selected.get("result").isNull()).isTrue();
            assertThat(selected.get("sql").asText()).isEqualTo(f.mysql ? "KILL " + a : "SELECT pg_terminate_backend(" + a + ")");

            Run text = run("kill", "--root-blockers", f.admin());
            assertThat(text.out()).contains("Dry run: 1 session would be ended; nothing was done.", "[" + a + "] " + KillFixture.APP,
                    "why:  root blocker: 4 sessions wait behind it");

            assertThat(f.alive(incident.sessionIds())).as("every lab session, after two dry runs").containsExactlyInAnyOrderElementsOf(incident.sessionIds());
            assertThat(f.waiting(incident.sessionIds())).as("the queue is still there").hasSize(4);
            assertThat(Files.exists(dir.resolve("audit.jsonl"))).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void executeEndsExactlyTheRootBlockerAndTheQueueDrains(String engine) throws Exception {
        KillFixture f = KillFixture.on(engine);
        Path audit = dir.resolve("audit.jsonl");
        try (Incident incident = f.start(Lab.scenario("idle-transaction-lock-queue"))) {
            long a = role(incident, "A");
            List<Long> others = new ArrayList<>(incident.sessionIds());
            others.remove(a);

            Run result = run("kill", "--root-blockers", "--execute", "--yes", "--audit-log", audit.toString(),
                    "--format", "json", f.admin());
            assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
            JsonNode selected = KillFixture.json(result).get("selected");
            assertThat(selected).hasSize(1);
            assertThat(selected.get(0).get("id").asLong()).isEqualTo(a);
            assertThat(selected.get(0).get("result").asText()).isEqualTo("ended");

            assertThat(f.awaitGone(List.of(a))).as("the root blocker").isEmpty();
            assertThat(f.alive(others)).as("B, C, D and E survive").containsExactlyInAnyOrderElementsOf(others);
            long b = role(incident, "B");
            // B got the table lock it queued for; the readers now wait for B's lock, the next in the queue, which B
            // releases when its work is done: the lab's ending does that.
            List<String> outcome = incident.finish();
            assertThat(outcome.get(0)).contains("had already been ended").contains("went through");
            assertThat(outcome.stream().filter(l -> l.contains("went through"))).as(String.join("\n", outcome)).hasSize(4);
            assertThat(f.alive(others)).as("every other session still there once the queue drained").hasSize(others.size());
            assertThat(f.waiting(others)).isEmpty();
            assertThat(b).isNotEqualTo(a);

            List<String> lines = Files.readAllLines(audit);
            assertThat(lines).hasSize(1);
            JsonNode entry = new ObjectMapper().readTree(lines.get(0));
            assertThat(entry.get("action").asText()).isEqualTo("kill");
            assertThat(entry.get("result").asText()).isEqualTo("ended");
            assertThat(entry.get("session").asLong()).isEqualTo(a);
            assertThat(entry.get("user").asText()).isEqualTo(KillFixture.APP);
            assertThat(entry.get("reason").asText()).isEqualTo("root blocker: 4 sessions wait behind it");
            assertThat(entry.get("mode").asText()).isEqualTo("connection");
            assertThat(entry.get("target").asText()).isEqualTo(Target.parse(f.admin()).toString());
            if (!f.mysql) {
                assertThat(entry.get("statement").asText()).contains("SELECT * FROM");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void privilegedAccountsAreLeftAloneUnlessIncluded(String engine) throws Exception {
        KillFixture f = KillFixture.on(engine);
        // the lab as the administrator this time
        LabContext asAdministrator = new LabContext(Target.parse(f.admin()), new Connector(ClientEnvironment.current()),
                Duration.ofSeconds(60), null);
        try (Incident incident = Lab.scenario("idle-transaction-lock-queue").start(asAdministrator)) {
            long a = role(incident, "A");
            Run spared = run("kill", "--root-blockers", "--format", "json", f.admin());
            assertThat(spared.exitCode()).as(spared.err()).isEqualTo(0);
            assertThat(KillFixture.json(spared).get("selected")).isEmpty();
            assertThat(KillFixture.json(spared).get("spared").get(0).get("id").asLong()).isEqualTo(a);
            assertThat(KillFixture.json(spared).get("spared").get(0).get("why").asText()).contains("privileged account", "--include-superusers");

            Run included = run("kill", "--root-blockers", "--include-superusers", "--format", "json", f.admin());
            assertThat(included.exitCode()).as(included.err()).isEqualTo(1);
            assertThat(KillFixture.json(included).get("selected").get(0).get("id").asLong()).isEqualTo(a);
            assertThat(f.alive(incident.sessionIds())).hasSize(incident.sessionIds().size());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgres"})
    void connectionExhaustionIsRelievedByEndingIdleSessions(String engine) throws Exception {
        KillFixture f = KillFixture.on(engine);
        Path audit = dir.resolve("audit.jsonl");
        ConnectionExhaustion.Exhausted incident = (ConnectionExhaustion.Exhausted) f.start(new ConnectionExhaustion());
        try (incident) {
            int held = incident.held();
            assertThat(incident.refusal()).as("the server refused a session").isNotNull();
            assertThat(held).isGreaterThan(1);
            Run none = run("kill", "--idle", "1h", "--user", KillFixture.APP, f.admin());
            assertThat(none.exitCode()).as(none.err()).isEqualTo(0);
            assertThat(none.out()).contains("No session to end");

            Run dry = run("kill", "--idle", "0s", "--user", KillFixture.APP, "--format", "json", f.admin());
            assertThat(dry.exitCode()).as(dry.err()).isEqualTo(1);
            assertThat(KillFixture.json(dry).get("selected")).as("the sessions the scenario holds").hasSize(held);
            assertThat(f.alive(incident.sessionIds())).as("after the dry run").hasSize(held);

            Run result = run("kill", "--idle", "0s", "--user", KillFixture.APP, "--execute", "--yes",
                    "--audit-log", audit.toString(), "--format", "json", f.admin());
            assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
            List<String> results = KillFixture.json(result).get("selected").findValuesAsText("result");
            assertThat(results).hasSize(held).containsOnly("ended");
            assertThat(f.awaitGone(incident.sessionIds())).as("the lab's sessions").isEmpty();
            assertThat(Files.readAllLines(audit)).hasSize(held);
        }
    }
}
