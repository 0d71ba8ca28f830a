package dev.dbrescue.binlog.summary;

import dev.dbrescue.binlog.Fixtures;
import dev.dbrescue.binlog.tx.StatementKind;
import dev.dbrescue.binlog.tx.TableChange;
import dev.dbrescue.binlog.tx.Transaction;
import dev.dbrescue.binlog.tx.TransactionScanner;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SummaryCollectorTest {

    private long sequence;

    private Transaction tx(long time, TableChange... changes) {
        sequence++;
        return new Transaction(sequence, "binlog.000001", sequence * 100, sequence * 100 + 100, time,
                "0-1-" + sequence, sequence > 1 ? "0-1-" + (sequence - 1) : null, null, List.of(changes), null, true);
    }

    private static TableChange change(String table, StatementKind kind, long rows) {
        return new TableChange(table, kind, rows);
    }

    @Test
    void theDeleteWithoutWhereInTheFixtureIsFlaggedWithItsPlan() {
        SummaryCollector collector = new SummaryCollector(10);
        new TransactionScanner(collector).scan(Fixtures.small());
        BinlogSummary summary = collector.summary();

        assertThat(summary.suspicious()).hasSize(1);
        Suspicion s = summary.suspicious().get(0);
        assertThat(s.transaction().gtid()).isEqualTo("0-1-156");
        assertThat(s.reasons()).extracting(Reason::code).containsExactly("no_where", "every_row");
        assertThat(s.reasons().get(1).rows()).isEqualTo(13);
        RecoveryPlan plan = summary.plan();
        assertThat(plan.stopPosition()).isEqualTo(1869);
        assertThat(plan.stopGtid()).isEqualTo("0-1-155");
        assertThat(plan.resumePosition()).isEqualTo(2281);
        assertThat(plan.command("replay_to_position")).startsWith("mariadb-binlog --start-position=BACKUP_POSITION"
                + " --stop-position=1869 ").endsWith(" | mariadb");
        assertThat(summary.notReversibleCount()).isEqualTo(2);
        assertThat(summary.mariaDb()).isTrue();
        assertThat(summary.warnings()).isEmpty();
    }

    @Test
    void aHugeDeleteOnATableWithRowsFromBeforeTheFilesIsFarLargerOnThatTable() {
        SummaryCollector collector = new SummaryCollector(10);
        for (int i = 0; i < 20; i++) {
            collector.transaction(tx(60L * i, change("shop.users", StatementKind.UPDATE, 3),
                    change("shop.orders", StatementKind.INSERT, 40)));
        }
        collector.transaction(tx(3600, change("shop.users", StatementKind.DELETE, 500)));
        BinlogSummary summary = collector.summary();

        assertThat(summary.suspicious()).hasSize(1);
        assertThat(summary.suspicious().get(0).reasons()).extracting(Reason::code)
                .containsExactly("far_larger_on_table", "far_larger_than_rest");
        assertThat(summary.suspicious().get(0).reasons().get(0).basis())
                .isEqualTo("changed 500 rows of shop.users; no other transaction changed more than 3");
        assertThat(summary.plan().stopPosition()).isEqualTo(2100);
    }

    @Test
    void busyButEvenTrafficIsNotSuspicious() {
        SummaryCollector collector = new SummaryCollector(3);
        for (int i = 0; i < 50; i++) {
            collector.transaction(tx(i, change("shop.users", StatementKind.INSERT, 20)));
            collector.transaction(tx(i, change("shop.users", StatementKind.DELETE, 5)));
        }
        BinlogSummary summary = collector.summary();

        assertThat(summary.suspicious()).isEmpty();
        assertThat(summary.plan()).isNull();
        assertThat(summary.largest()).hasSize(3);
        assertThat(summary.perMinute()).singleElement()
                .isEqualTo(new MinuteCount(0, "shop.users", 1000, 0, 250));
    }

    @Test
    void aDeleteOfFewerRowsThanTheTableShowsIsNotEveryRow() {
        SummaryCollector collector = new SummaryCollector(10);
        collector.transaction(tx(0, change("shop.t", StatementKind.INSERT, 30)));
        collector.transaction(tx(1, change("shop.t", StatementKind.DELETE, 29)));

        assertThat(collector.summary().suspicious()).isEmpty();
    }

    @Test
    void textAndJsonNameTheAccident() throws Exception {
        SummaryCollector collector = new SummaryCollector(10);
        new TransactionScanner(collector).scan(Fixtures.small());
        BinlogSummary summary = collector.summary();
        StringWriter text = new StringWriter();
        StringWriter json = new StringWriter();
        TextSummaryWriter.write(summary, new PrintWriter(text));
        JsonSummaryWriter.write(summary, new PrintWriter(json));

        assertThat(text.toString()).contains("! DELETE of every row of shop.small: DELETE of 13 rows",
                "--stop-position=1869", "--stop-position=0-1-155", "NOT REVERSIBLE FROM THE LOG (2 transactions");
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toString());
        assertThat(tree.at("/suspicious/0/transaction/gtid").asText()).isEqualTo("0-1-156");
        assertThat(tree.at("/suspicious/0/transaction/start_position").asLong()).isEqualTo(1869);
        assertThat(tree.at("/suspicious/0/transaction/thread_id").isNull()).isTrue();
        assertThat(tree.at("/suspicious/0/reasons/1/code").asText()).isEqualTo("every_row");
        assertThat(tree.at("/recovery/stop_position").asLong()).isEqualTo(1869);
        assertThat(tree.at("/per_minute/0/deleted").asLong()).isEqualTo(13);
    }

    @Test
    void aRestrictedStatementThatCoversTheRowsSeenIsNotEveryRowButAnUnrestrictedOneIs() {
        SummaryCollector collector = new SummaryCollector(10);
        collector.transaction(tx(0, change("shop.t", StatementKind.INSERT, 18)));
        collector.transaction(tx(1, new TableChange("shop.t", StatementKind.UPDATE, 18,
                "UPDATE shop.t SET a = 1 WHERE id BETWEEN 1 AND 20")));
        collector.transaction(tx(2, new TableChange("shop.u", StatementKind.DELETE, 12, "delete from shop.u")));
        BinlogSummary summary = collector.summary();

        assertThat(summary.suspicious()).singleElement().satisfies(s -> {
            assertThat(s.transaction().sequence()).isEqualTo(3);
            assertThat(s.reasons()).extracting(Reason::code).containsExactly("no_where");
        });
    }

    @Test
    void filesThatDoNotFollowEachOtherAreAWarning() {
        SummaryCollector collector = new SummaryCollector(10);
        new TransactionScanner(collector).scan(List.of(Fixtures.small(),
                Fixtures.resource("mariadb-10.11-compressed.000001")));
        BinlogSummary summary = collector.summary();

        assertThat(summary.warnings()).singleElement().asString()
                .endsWith("mariadb-10.11-compressed.000001 at position 0: the file before it rotated to binlog.000003,"
                        + " not to this file: give the files in order and without gaps, or the positions and recovery"
                        + " plan do not follow");
        assertThat(summary.transactions()).isEqualTo(11);
    }

    @Test
    void aMySqlPlanStopsByPositionOrExcludesTheAccidentsGtid() {
        Transaction accident = new Transaction(7, "binlog.000002", 4000, 9000, 0,
                "3e11fa47-71ca-11e1-9e33-c80aa9429562:23", "3e11fa47-71ca-11e1-9e33-c80aa9429562:22", 12L,
                List.of(change("app.users", StatementKind.DELETE, 500)), "DELETE FROM users", true);

        RecoveryPlan plan = RecoveryPlan.of(accident, false, List.of("binlog.000001", "binlog.000002", "binlog.000003"));

        assertThat(plan.commands()).extracting(RecoveryPlan.Command::step)
                .containsExactly("replay_to_position", "replay_all_but_accident", "replay_after");
        assertThat(plan.command("replay_to_position")).isEqualTo("mysqlbinlog --start-position=BACKUP_POSITION"
                + " --stop-position=4000 binlog.000001 binlog.000002 | mysql");
        assertThat(plan.command("replay_all_but_accident")).isEqualTo("mysqlbinlog"
                + " --exclude-gtids=3e11fa47-71ca-11e1-9e33-c80aa9429562:23 binlog.000001 binlog.000002 binlog.000003"
                + " | mysql");
        assertThat(plan.command("replay_after"))
                .isEqualTo("mysqlbinlog --start-position=9000 binlog.000002 binlog.000003 | mysql");
        assertThat(plan.stopGtid()).isNull();
    }

    @Test
    void fileNamesWithSpacesOrQuotesAreQuotedForTheShell() {
        Transaction accident = new Transaction(1, "my dir/it's.000001", 4, 100, 0, null, null, null,
                List.of(change("a.b", StatementKind.DELETE, 500)), null, true);

        assertThat(RecoveryPlan.of(accident, true, List.of("my dir/it's.000001")).command("replay_to_position"))
                .endsWith(" 'my dir/it'\\''s.000001' | mariadb");
    }
}
