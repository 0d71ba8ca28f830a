package dev.dbrescue.core.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrescue.core.analysis.Snapshots;
import dev.dbrescue.core.model.Engine;
import dev.dbrescue.core.model.Session;
import dev.dbrescue.core.model.Snapshot;
import dev.dbrescue.core.model.WaitKind;
import dev.dbrescue.core.render.KillRenderer;
import dev.dbrescue.core.render.OutputFormat;
import dev.dbrescue.core.spi.KillRights;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class KillRenderersTest {

    private static final KillRights ROOT = new KillRights("'root'@'localhost'", "root", true, true, "SUPER", "SUPER");

    /** MariaDB: 7 idle in transaction with 1,200 modified rows blocks 8; 9 is root's own idle transaction. */
    private static KillPlan plan(String refusal) {
        Snapshot snapshot = Snapshots.of(Engine.MARIADB)
                .session(new Session(7, "app", "10.0.0.5:5100", "shop", null, "Sleep", false, true, null, 130.0, 125.0, null,
                        "4711", 1300L, 1200L, 1L, false, false))
                .busy(8, "UPDATE orders SET paid = 1 WHERE id = 3")
                .session(new Session(9, "root", "localhost", null, null, "Sleep", false, true, null, 900.0, 900.0, null,
                        "4712", 0L, 0L, 0L, false, false))
                .waits(8, 7, WaitKind.HARD, Snapshots.innodbRecord("X", "orders", "PRIMARY", "3"), null)
                .build();
        KillPolicy policy = KillSelectionTest.policy(new Selector.Timed(Selector.Timed.Clock.IDLE_IN_TRANSACTION, java.time.Duration.ofMinutes(1)));
        Selection selection = KillSelection.select(snapshot, policy, Set.of("root"), Set.of());
        return new KillPlan(snapshot, policy, selection, ROOT, refusal, selection.limitations());
    }

    private static String render(OutputFormat format, KillReport report) throws Exception {
        StringWriter out = new StringWriter();
        KillRenderer.of(format, false).render(report, out);
        return out.toString();
    }

    @Test
    void dryRunTextSaysWhatWouldBeEndedAndWhatItRollsBack() throws Exception {
        String text = render(OutputFormat.TEXT, KillReport.dryRun(plan("x may not end other users' sessions")));
        assertThat(text).contains("policy: --idle-in-transaction 1m --mode connection",
                "Dry run: 1 session would be ended; nothing was done. Add --execute to act.",
                "[7] app@10.0.0.5:5100 db=shop  Sleep  trx 2 min 10 s  idle 2 min 5 s  rows locked 1300, modified 1200",
                "      why:  idle in transaction for 2 min 5 s",
                "      statement: not shown by the server",
                "      ending it rolls back its transaction, open 2 min 10 s, and the 1,200 rows it modified",
                "      do:   KILL 7",
                "LEFT ALONE", "[9] root@localhost  a privileged account (root): add --include-superusers",
                "NOT ALLOWED: x may not end other users' sessions; --execute would be refused");
    }

    @Test
    void executedTextAndJsonShowEachResult() throws Exception {
        KillPlan plan = plan(null);
        KillAction ended = new KillAction(plan.selected().get(0), KillResult.ENDED, "KILL 7", null, Instant.parse("2026-11-21T12:00:01Z"));
        KillReport report = KillReport.executed(plan, List.of(ended));
        assertThat(render(OutputFormat.TEXT, report)).contains("1 session selected: 1 ended.", "      done: KILL 7 -> ended");
        JsonNode json = new ObjectMapper().readTree(render(OutputFormat.JSON, report));
        assertThat(json.get("dryRun").asBoolean()).isFalse();
        assertThat(json.get("mode").asText()).isEqualTo("connection");
        JsonNode s = json.get("selected").get(0);
        assertThat(s.get("id").asLong()).isEqualTo(7);
        assertThat(s.get("rowsModified").asLong()).isEqualTo(1200);
        assertThat(s.get("reasons").get(0).asText()).isEqualTo("idle in transaction for 2 min 5 s");
        assertThat(s.get("sql").asText()).isEqualTo("KILL 7");
        assertThat(s.get("result").asText()).isEqualTo("ended");
        assertThat(json.get("spared").get(0).get("id").asLong()).isEqualTo(9);
        assertThat(json.get("refusal").isNull()).isTrue();
        JsonNode dry = new ObjectMapper().readTree(render(OutputFormat.JSON, KillReport.dryRun(plan)));
        assertThat(dry.get("dryRun").asBoolean()).isTrue();
        assertThat(dry.get("stage").asText()).isEqualTo("dry-run");
        assertThat(json.get("stage").asText()).isEqualTo("executed");
        assertThat(render(OutputFormat.TEXT, KillReport.confirming(plan))).contains("1 session to end; nothing is done until you confirm.")
                .doesNotContain("Dry run");
        assertThat(dry.get("selected").get(0).get("result").isNull()).isTrue();
    }

    @Test
    void nothingToEndSaysSo() throws Exception {
        Snapshot quiet = Snapshots.of(Engine.POSTGRESQL).busy(3, "SELECT 1").build();
        KillPolicy policy = KillSelectionTest.policy(new Selector.RootBlockers());
        Selection none = KillSelection.select(quiet, policy, Set.of(), Set.of());
        String text = render(OutputFormat.TEXT, KillReport.dryRun(new KillPlan(quiet, policy, none, ROOT, null, List.of())));
        assertThat(text).contains("No session to end: none matches the policy.");
    }
}
