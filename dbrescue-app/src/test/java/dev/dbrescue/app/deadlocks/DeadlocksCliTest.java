package dev.dbrescue.app.deadlocks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrescue.app.DbRescue;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code dbrescue deadlocks parse|report} over our captured logs: the JSON contract, the exit codes. */
class DeadlocksCliTest {

    private static final Path CAPTURED = Path.of("..", "dbrescue-core", "src", "test", "resources", "fixtures", "captured");
    private static final String MARIADB_LOG = CAPTURED.resolve("mariadb-10.11/innodb-parser-error.log").toString();
    private static final String PG_LOG = CAPTURED.resolve("postgresql-15/pglog-default.log").toString();

    record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DbRescue.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void parseJsonKeepsTheContract() throws Exception {
        Run run = run("deadlocks", "parse", "--format", "json", MARIADB_LOG, PG_LOG);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.has("warnings")).isTrue();
        JsonNode deadlocks = json.get("deadlocks");
        assertThat(deadlocks.size()).isGreaterThanOrEqualTo(6);
        JsonNode first = deadlocks.get(0);
        for (String field : new String[]{"engine", "detectedAt", "pattern", "victimThreadId", "transactions"}) {
            assertThat(first.has(field)).as(field).isTrue();
        }
        assertThat(first.get("engine").asText()).isEqualTo("mariadb");
        JsonNode trx = first.get("transactions").get(0);
        assertThat(trx.get("trxId").isTextual()).isTrue();
        assertThat(trx.get("threadId").isNumber()).isTrue();
        assertThat(trx.has("query")).isTrue();
        JsonNode lock = trx.get("waitingFor");
        for (String field : new String[]{"table", "index", "mode", "kind"}) {
            assertThat(lock.has(field)).as(field).isTrue();
        }
        assertThat(lock.get("table").asText()).contains(".");
        assertThat(deadlocks.findValuesAsText("engine")).contains("postgresql");
        assertThat(json.get("lockWaits").size()).isPositive();
    }

    @Test
    void graphsAndText() {
        assertThat(run("deadlocks", "parse", "--format", "mermaid", MARIADB_LOG).out()).startsWith("flowchart LR").contains(" --> ");
        assertThat(run("deadlocks", "parse", "--format", "dot", MARIADB_LOG).out()).startsWith("digraph deadlocks {").contains(" -> ");
        Run text = run("deadlocks", "parse", MARIADB_LOG);
        assertThat(text.out()).contains("Deadlock #1", "pattern ", "VICTIM", "why: ", "fix:", "what happened:", "rolled back T1 (thread 6)");
    }

    @Test
    void reportCountsPatternsAndStatementPairs() throws Exception {
        Run run = run("deadlocks", "report", "--format", "json", MARIADB_LOG, PG_LOG);
        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("total").asLong()).isGreaterThanOrEqualTo(6);
        assertThat(json.get("byPattern").size()).isPositive();
        assertThat(json.get("byStatementPair").get(0).get("statements").size()).isEqualTo(2);
        assertThat(run("deadlocks", "report", MARIADB_LOG).out()).contains("By pattern", "Pairs of statements");
    }

    @Test
    void inputErrorsAreOneLineAndExitSeven() {
        Run missing = run("deadlocks", "parse", "no-such-file.log");
        assertThat(missing.exitCode()).isEqualTo(7);
        assertThat(missing.err().strip().lines()).hasSize(1);
        Run format = run("deadlocks", "parse", "--format", "svg", MARIADB_LOG);
        assertThat(format.exitCode()).isEqualTo(2);
        assertThat(format.err()).contains("mermaid");
    }
}
