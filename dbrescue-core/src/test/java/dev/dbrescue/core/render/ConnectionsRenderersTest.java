package dev.dbrescue.core.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrescue.core.connections.ConnectionsReport;
import dev.dbrescue.core.connections.Sample;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionsRenderersTest {

    private static ConnectionsReport seed01() {
        return Sample.mysql()
                .idle(120, "app", "10.0.0.5", "orders-api", 240, 360)
                .busy(20, "app", "10.0.0.6")
                .idle(7, "alice", "10.0.0.9", "mysql", 10, 70)
                .counters(152L, 12L)
                .analyze();
    }

    @Test
    void textStartsWithTheHeadlineThenLimitsTablesAndFindings() throws Exception {
        StringWriter out = new StringWriter();
        new TextConnectionsRenderer().render(seed01(), out);
        String text = out.toString();
        assertThat(text.lines().findFirst()).contains("148 of 151 connections used (98%), 3 left; 120 Sleep from 10.0.0.5");
        assertThat(text).containsSubsequence(
                "mysql 8.0.36 at 2026-11-21 12:00:00 UTC",
                "limit: max_connections 151, 151 for ordinary accounts and 1 more for SUPER or CONNECTION_ADMIN",
                "since start (24 h 0 min ago): peak 152, refused for being full 12, aborted connects 14",
                "timeouts: wait_timeout 28800 s (8 h 0 min, default), interactive_timeout 28800 s (8 h 0 min, default)",
                "BY USER",
                "app                               140    20   120           0       0  4m00s / 4m59s / 6m00s   -",
                "BY HOST",
                "10.0.0.5                          120     0   120           0       0  4m00s / 4m59s / 6m00s   -",
                "BY DATABASE", "BY APPLICATION", "(none)", "BY STATE", "Sleep",
                "FINDINGS",
                "CRITICAL connection-limit  sessions 120, 119, 118, 117, 116, 115, 114, 113, 112, 111, 110, 109 and 49 more",
                "  148 of 151 connections used (98%), 3 left for ordinary accounts.",
                "  do:  SELECT CONCAT('KILL ', p.ID, ';')",
                "WARNING  connection-leak");
    }

    @Test
    void longNamesAreCutInTheMiddleSoThatTheirEndsStayApart() throws Exception {
        ConnectionsReport report = Sample.postgres()
                .idle(2, "app", "10.0.0.5", "dbrescue lab idle-transaction-lock-queue A", 1, 2)
                .idle(1, "app", "10.0.0.5", "dbrescue lab idle-transaction-lock-queue B", 1, 2)
                .analyze();
        StringWriter out = new StringWriter();
        new TextConnectionsRenderer().render(report, out);
        assertThat(out.toString()).contains("dbrescue lab …n-lock-queue A        2", "dbrescue lab …n-lock-queue B        1");
    }

    @Test
    void jsonKeepsTheContractNames() throws Exception {
        StringWriter out = new StringWriter();
        new JsonConnectionsRenderer().render(seed01(), out);
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("used").asLong()).isEqualTo(148);
        assertThat(json.get("max").asLong()).isEqualTo(151);
        assertThat(json.get("usedRatio").asDouble()).isEqualTo(0.9801);
        assertThat(json.get("headroom").asLong()).isEqualTo(3);
        assertThat(json.get("refused").asLong()).isEqualTo(12);
        assertThat(json.get("headline").asText()).startsWith("148 of 151");
        for (String dimension : new String[]{"user", "host", "database", "application", "state"}) {
            JsonNode groups = json.get("groups").get(dimension);
            assertThat(groups.isArray()).as(dimension).isTrue();
            assertThat(groups.get(0).has("name")).isTrue();
            assertThat(groups.get(0).get("count").isInt()).isTrue();
        }
        JsonNode host = json.get("groups").get("host").get(0);
        assertThat(host.get("name").asText()).isEqualTo("10.0.0.5");
        assertThat(host.get("idleSeconds").get("max").asDouble()).isEqualTo(360.0);
        assertThat(host.get("transactionSeconds").isNull()).isTrue();
        assertThat(host.get("sessionIds").size()).isEqualTo(120);
        assertThat(json.get("groups").get("application").get(1).get("name").isNull()).isTrue();
        JsonNode finding = json.get("findings").get(0);
        assertThat(finding.get("kind").asText()).isEqualTo("connection-limit");
        assertThat(finding.get("severity").asText()).isEqualTo("critical");
        assertThat(finding.get("sessionIds").get(0).isNumber()).isTrue();
        for (String field : new String[]{"summary", "explanation", "action"}) {
            assertThat(finding.has(field)).as(field).isTrue();
        }
        assertThat(json.get("timeouts").get(0).get("name").asText()).isEqualTo("wait_timeout");
        assertThat(json.get("queryCount").asInt()).isEqualTo(3);
        assertThat(json.get("limitations").isArray()).isTrue();
    }
}
