package dev.dbrescue.app.binlog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrescue.app.CliErrorsIT;
import dev.dbrescue.app.CliErrorsIT.Run;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed 01's accident ({@link BinlogAccident}): the summary must find {@code DELETE FROM users} with the right rows,
 * positions and GTID, name it in text and JSON, and give a recovery plan that stops just before it
 * ({@link BinlogReplayIT} replays the plan with mariadb-binlog where Debian's client is installed).
 */
class BinlogSummaryIT extends OnBinlogAccident {

    @Test
    void theDeleteWithoutWhereIsFlaggedWithItsRowsPositionsAndGtid() throws Exception {
        Run run = accident.summary("--format", "json", "--top", "5");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(run.out());
        JsonNode flagged = json.at("/suspicious/0/transaction");
        assertThat(flagged.get("gtid").asText()).isEqualTo(accident.accidentGtid);
        assertThat(flagged.get("file").asText()).endsWith(accident.accidentFile);
        assertThat(flagged.get("start_position").asLong()).isEqualTo(accident.accidentStart);
        assertThat(flagged.get("end_position").asLong()).isEqualTo(accident.accidentEnd);
        assertThat(flagged.get("rows").asLong()).isEqualTo(accident.usersBefore);
        assertThat(flagged.get("thread_id").isNull()).isTrue();
        assertThat(flagged.at("/tables/0/table").asText()).isEqualTo("shop.users");
        assertThat(flagged.at("/tables/0/kind").asText()).isEqualTo("DELETE");
        assertThat(flagged.get("statement").asText()).isEqualTo("DELETE FROM shop.users");
        assertThat(json.at("/suspicious/0/reasons").findValuesAsText("code")).contains("no_where", "every_row");
        assertThat(json.get("suspicious")).hasSize(1);
        assertThat(json.get("warnings")).isEmpty();
        assertThat(json.at("/largest/0/gtid").asText()).isEqualTo(accident.accidentGtid);
        assertThat(json.get("largest")).hasSize(5);
        assertThat(json.at("/recovery/stop_position").asLong()).isEqualTo(accident.accidentStart);
        assertThat(json.at("/recovery/stop_gtid").asText()).isEqualTo(accident.gtidBefore);
        assertThat(json.at("/recovery/resume_position").asLong()).isEqualTo(accident.accidentEnd);
        assertThat(json.at("/recovery/commands/0/step").asText()).isEqualTo("replay_to_position");
        assertThat(json.at("/recovery/commands/0/command").asText()).contains("--stop-position=" + accident.accidentStart + " ");
        // Undoing it in place takes the next command: dbrescue's own flashback of that transaction.
        assertThat(json.at("/recovery/undo_commands/0/step").asText()).isEqualTo("undo_sql");
        assertThat(json.at("/recovery/undo_commands/0/command").asText()).startsWith("dbrescue flashback --binlog ")
                .contains(accident.accidentFile, "--transaction " + accident.accidentGtid + " -o undo.sql");
        assertThat(json.at("/recovery/undo_commands/1/command").asText()).endsWith("--apply TARGET_URL");
        assertThat(json.get("not_reversible_count").asLong()).isGreaterThanOrEqualTo(5); // 4 DDL + 1 statement
        assertThat(json.get("not_reversible").findValuesAsText("kind")).contains("STATEMENT_DML", "DDL");
        long deletedUsers = 0;
        for (JsonNode minute : json.get("per_minute")) {
            if (minute.get("table").asText().equals("shop.users")) {
                deletedUsers += minute.get("deleted").asLong();
            }
        }
        assertThat(deletedUsers).isEqualTo(10 + accident.usersBefore);
    }

    @Test
    void theTextNamesTheAccidentAndTheReplayCommand() {
        Run run = accident.summary();

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("! DELETE of every row of shop.users: DELETE of " + accident.usersBefore + " rows",
                "gtid " + accident.accidentGtid, "--stop-position=" + accident.accidentStart + " ", "--stop-position=" + accident.gtidBefore,
                "thread -", "UNDO IT IN PLACE", "--transaction " + accident.accidentGtid + " -o undo.sql");
    }

    @Test
    void damagedInputIsOneLineAndExitSeven() throws Exception {
        byte[] original = Files.readAllBytes(Path.of(accident.files.get(0)));
        Path truncated = Files.write(dir.resolve("truncated.000001"),
                java.util.Arrays.copyOf(original, (int) accident.accidentStart + 30));
        byte[] flipped = original.clone();
        flipped[(int) accident.accidentStart + 100] ^= 0x40;
        Path damaged = Files.write(dir.resolve("flipped.000001"), flipped);
        Path text = Files.writeString(dir.resolve("notes.sql"), "DELETE FROM users;\n", StandardCharsets.UTF_8);

        for (Path bad : List.of(truncated, damaged, text)) {
            Run run = CliErrorsIT.run("binlog", "summary", bad.toString());
            assertThat(run.exitCode()).as(run.err()).isEqualTo(7);
            assertThat(run.out()).isEmpty();
            assertThat(run.err().strip().lines()).hasSize(1);
            assertThat(run.err()).startsWith("dbrescue: " + bad + " at position ").doesNotContain("\tat ");
        }
        assertThat(CliErrorsIT.run("binlog", "summary", damaged.toString()).err()).contains("wrong checksum");
        assertThat(CliErrorsIT.run("binlog", "summary", text.toString()).err()).contains("not a binary log");
    }

    @Test
    void badOptionsAreExitTwo() {
        assertThat(CliErrorsIT.run("binlog", "summary", accident.files.get(0), "--top", "0").exitCode()).isEqualTo(2);
        assertThat(CliErrorsIT.run("binlog", "summary", accident.files.get(0), "--format", "xml").exitCode()).isEqualTo(2);
        assertThat(CliErrorsIT.run("binlog", "summary").exitCode()).isEqualTo(2);
    }
}
