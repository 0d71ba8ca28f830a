package dev.dbrescue.app.deadlocks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrescue.app.DbRescue;
import dev.dbrescue.core.connect.Connector;
import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.target.ClientEnvironment;
import dev.dbrescue.core.target.Target;
import dev.dbrescue.testkit.lab.Incident;
import dev.dbrescue.testkit.lab.Lab;
import dev.dbrescue.testkit.lab.LabContext;
import dev.dbrescue.testkit.server.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deadlocks parse --target}: real deadlocks from the lab, read back from SHOW ENGINE INNODB STATUS while the
 * lab's tables still exist, with each record field named after its column and the foreign-key case confirmed.
 */
class ParseWithTargetIT {

    private static final Pattern WHERE_ID = Pattern.compile("WHERE id = (\\d+)");

    @TempDir
    Path dir;

    /** Runs the scenario to its deadlock and parses the status with --target before the lab drops its tables. */
    private List<String> provokeAndParse(String scenario, String format) throws Exception {
        String uri = TestServers.mariadb().uri();
        LabContext context = new LabContext(Target.parse(uri), new Connector(ClientEnvironment.current()), Duration.ofSeconds(5),
                new PrintWriter(new StringWriter()));
        try (Incident incident = Lab.scenario(scenario).start(context)) {
            incident.finish();
            Path status = dir.resolve(scenario + ".txt");
            Files.writeString(status, LabDeadlocks.innodbStatus(uri));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = DbRescue.run(new String[]{"deadlocks", "parse", "--format", format, "--target", uri, status.toString()},
                    new PrintWriter(out), new PrintWriter(err));
            // The test server keeps no statement history (StatementHistoryIT's does): a hint about that, nothing else.
            assertThat(err.toString().lines()).as("stderr")
                    .allMatch(line -> line.startsWith("dbrescue: earlier statements of deadlocked transactions: "));
            assertThat(code).as("exit code: deadlocks found").isEqualTo(1);
            String parsed = out.toString();
            if (scenario.equals("foreign-key-deadlock")) {
                foreignKeys = foreignKeysOfParent(uri, parsed);
            }
            return List.of(parsed);
        }
    }

    private List<String> foreignKeys = List.of();

    /** What the SPI itself says about the parent table of the foreign-key scenario, while it still exists. */
    private static List<String> foreignKeysOfParent(String uri, String json) throws Exception {
        String users = null;
        for (JsonNode t : new ObjectMapper().readTree(json).get("deadlocks").get(0).get("transactions")) {
            for (JsonNode lock : locks(t)) {
                if (lock.get("table").asText().endsWith("users")) {
                    users = lock.get("table").asText();
                }
            }
        }
        assertThat(users).as("a lock on the users table").isNotNull();
        try (ServerConnection c = new Connector(ClientEnvironment.current()).open(Target.parse(uri))) {
            int dot = users.indexOf('.');
            return c.family().schemaLookup(c.server()).foreignKeys(c.connection(), users.substring(0, dot), users.substring(dot + 1));
        }
    }


    private static List<JsonNode> locks(JsonNode transaction) {
        List<JsonNode> locks = new ArrayList<>();
        transaction.get("holds").forEach(locks::add);
        if (!transaction.get("waitingFor").isNull()) {
            locks.add(transaction.get("waitingFor"));
        }
        return locks;
    }

    @Test
    void lockOrderDeadlockNamesThePrimaryKeyAndTheOtherColumns() throws Exception {
        JsonNode deadlock = new ObjectMapper().readTree(provokeAndParse("lock-order-deadlock", "json").get(0)).get("deadlocks").get(0);
        assertThat(deadlock.get("pattern").asText()).isEqualTo("lock-order");
        int checked = 0;
        for (JsonNode t : deadlock.get("transactions")) {
            JsonNode waiting = t.get("waitingFor");
            Matcher id = WHERE_ID.matcher(t.get("query").asText());
            assertThat(id.find()).as("query %s", t.get("query")).isTrue();
            assertThat(waiting.get("index").asText()).isEqualTo("PRIMARY");
            JsonNode fields = waiting.get("fields");
            // accounts (id INT PRIMARY KEY, balance INT): id, DB_TRX_ID, DB_ROLL_PTR, balance
            assertThat(fields.get(0).get("column").asText()).isEqualTo("id");
            assertThat(fields.get(0).get("value").asText()).as("the row its UPDATE asks for").isEqualTo(id.group(1));
            assertThat(fields.get(1).get("column").asText()).isEqualTo("DB_TRX_ID");
            assertThat(fields.get(2).get("column").asText()).isEqualTo("DB_ROLL_PTR");
            assertThat(fields.get(3).get("column").asText()).isEqualTo("balance");
            checked++;
        }
        assertThat(checked).isEqualTo(2);
    }

    @Test
    void foreignKeyDeadlockIsConfirmedAndItsParentRowNamed() throws Exception {
        JsonNode deadlock = new ObjectMapper().readTree(provokeAndParse("foreign-key-deadlock", "json").get(0)).get("deadlocks").get(0);
        assertThat(deadlock.get("pattern").asText()).isEqualTo("foreign-key");
        int shared = 0;
        for (JsonNode t : deadlock.get("transactions")) {
            for (JsonNode lock : locks(t)) {
                if (lock.get("table").asText().endsWith("users") && "PRIMARY".equals(lock.get("index").asText())
                        && !lock.get("supremum").asBoolean()) {
                    JsonNode first = lock.get("fields").get(0);
                    assertThat(first.get("column").asText()).isEqualTo("id");
                    assertThat(first.get("value").asText()).as("user 1, the parent row").isEqualTo("1");
                    if ("S".equals(lock.get("mode").asText())) {
                        shared++;
                    }
                }
            }
        }
        assertThat(shared).as("shared locks on the parent row, named").isPositive();
        assertThat(foreignKeys).as("the child table's foreign key, as the schema lookup reads it").hasSize(1);
        assertThat(foreignKeys.get(0)).matches(".*user_items\\(user_id\\) -> .*users\\(id\\)");
    }

    @Test
    void textOutputShowsColumnEqualsValue() throws Exception {
        String text = provokeAndParse("lock-order-deadlock", "text").get(0);
        assertThat(text).contains("index PRIMARY (id=").contains("pattern lock-order");
    }

    @Test
    void unreachableTargetIsOneLine() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DbRescue.run(new String[]{"deadlocks", "parse", "--target", "mysql://nobody:sekrit@127.0.0.1:1/x", "-"},
                new PrintWriter(out), new PrintWriter(err));
        assertThat(code).isNotZero().isNotEqualTo(1);
        assertThat(err.toString().strip().lines()).hasSize(1);
        assertThat(err.toString()).startsWith("dbrescue: ").doesNotContain("sekrit");
        assertThat(out.toString()).isEmpty();
    }
}
