package dev.dbrescue.core.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrescue.core.analysis.LocksAnalysis;
import dev.dbrescue.core.analysis.LocksOptions;
import dev.dbrescue.core.analysis.LocksReport;
import dev.dbrescue.core.analysis.Snapshots;
import dev.dbrescue.core.model.Engine;
import dev.dbrescue.core.model.WaitKind;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;

import static dev.dbrescue.core.analysis.Snapshots.pgRelation;
import static org.assertj.core.api.Assertions.assertThat;

class RenderersTest {

    private static LocksReport seed04() {
        return LocksAnalysis.analyze(Snapshots.of(Engine.POSTGRESQL)
                .idleInTransaction(100, 600, "SELECT * FROM user_setting WHERE xxx = 1")
                .busy(200, "LOCK TABLE user_setting")
                .busy(301, "SELECT * FROM user_setting")
                .waits(200, 100, WaitKind.HARD, pgRelation("AccessExclusiveLock", "user_setting"), pgRelation("AccessShareLock", "user_setting"))
                .waits(301, 200, WaitKind.QUEUED, pgRelation("AccessShareLock", "user_setting"), pgRelation("AccessExclusiveLock", "user_setting"))
                .build(), LocksOptions.defaults());
    }

    @Test
    void textShowsTheTreeRootFirstAndTheFirstAid() throws Exception {
        StringWriter out = new StringWriter();
        new TextLocksRenderer().render(seed04(), out);
        String text = out.toString();
        assertThat(text).contains("postgresql 15.20 at 2026-11-21 12:00:00 UTC", "3 sessions, 2 waiting, 1 root blocker");
        assertThat(text).containsSubsequence(
                "BLOCKING TREE",
                "[100] app@10.0.0.5 db=shop  idle in transaction  trx 10 min 0 s  idle 9 min 59 s",
                "last: SELECT * FROM user_setting WHERE xxx = 1",
                " `- [200] app@10.0.0.6 db=shop  active  trx 3 s  waiting 2 s",
                "waits for AccessExclusiveLock relation lock on public.user_setting, blocked by AccessShareLock of [100]",
                "     `- [301]",
                "(queued behind its request)",
                "FINDINGS",
                "CRITICAL idle-in-transaction  sessions 100, 200, 301",
                "do:  SELECT pg_terminate_backend(100)");
    }

    @Test
    void jsonKeepsTheContractNamesAndNumericIds() throws Exception {
        StringWriter out = new StringWriter();
        new JsonLocksRenderer().render(seed04(), out);
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("engine").asText()).isEqualTo("postgresql");
        assertThat(json.get("version").asText()).isEqualTo("15.20");
        assertThat(json.get("capturedAt").asText()).isEqualTo("2026-11-21T12:00:00Z");
        JsonNode session = json.get("sessions").get(0);
        for (String field : new String[]{"id", "user", "host", "database", "state", "transactionSeconds", "idleSeconds", "query"}) {
            assertThat(session.has(field)).as(field).isTrue();
        }
        assertThat(session.get("id").isNumber()).isTrue();
        JsonNode wait = json.get("waits").get(1);
        assertThat(wait.get("waiter").asLong()).isEqualTo(301);
        assertThat(wait.get("blocker").asLong()).isEqualTo(200);
        assertThat(wait.get("kind").asText()).isEqualTo("queued");
        assertThat(wait.get("lockMode").asText()).isEqualTo("AccessShareLock");
        assertThat(wait.get("object").asText()).isEqualTo("public.user_setting");
        assertThat(wait.get("waitSeconds").asDouble()).isEqualTo(2.0);
        JsonNode root = json.get("rootBlockers").get(0);
        assertThat(root.get("sessionId").asLong()).isEqualTo(100);
        assertThat(root.get("waiters").toString()).isEqualTo("[200,301]");
        JsonNode finding = json.get("findings").get(0);
        assertThat(finding.fieldNames()).toIterable().contains("kind", "severity", "sessionIds", "summary", "action");
        assertThat(finding.get("sessionIds").get(0).isNumber()).isTrue();
    }
}
