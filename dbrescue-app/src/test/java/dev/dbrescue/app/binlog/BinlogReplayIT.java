package dev.dbrescue.app.binlog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrescue.app.CliErrorsIT.Run;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recovery plan of {@code binlog summary}, carried out: the database dropped and the binary logs replayed with
 * {@code mariadb-binlog} up to the plan's stop position (and, separately, its GTID) must give the tables exactly as
 * they were before the accident. Needs Debian's mariadb-client ({@code mariadb-binlog}, {@code mariadb}): it runs
 * through the app module's {@code mariadb-client} profile, active where /usr/bin/mariadb-binlog exists (README,
 * "Tests"), so that {@code mvn verify} on a machine with only a JDK and Maven does not depend on it.
 */
class BinlogReplayIT extends OnBinlogAccident {

    @Test
    void replayingUpToTheStopPositionRestoresTheTablesAsTheyWereBeforeTheAccident() throws Exception {
        Run run = accident.summary("--format", "json");
        JsonNode plan = new ObjectMapper().readTree(run.out()).get("recovery");
        long stop = plan.get("stop_position").asLong();
        List<String> upTo = accident.files.subList(0, accident.files.indexOf(accident.db.dataDirectory().resolve(accident.accidentFile).toString()) + 1);

        try (Connection c = DriverManager.getConnection(accident.db.jdbcUrl()); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE shop");
            replay("mariadb-binlog --no-defaults --stop-position=" + stop + " " + String.join(" ", upTo));

            assertThat(BinlogAccident.count(s, "SELECT COUNT(*) FROM shop.users")).isEqualTo(accident.usersBefore);
            assertThat(BinlogAccident.checksums(s)).isEqualTo(accident.checksumBefore);

            // The GTID form stops after the transaction before the accident (inclusive): the same state.
            s.execute("DROP DATABASE shop");
            replay("mariadb-binlog --no-defaults --stop-position=" + plan.get("stop_gtid").asText() + " "
                    + String.join(" ", upTo));

            assertThat(BinlogAccident.checksums(s)).isEqualTo(accident.checksumBefore);
        }
    }

    private void replay(String binlogCommand) throws IOException, InterruptedException {
        Path log = dir.resolve("replay.log");
        Process p = new ProcessBuilder("bash", "-o", "pipefail", "-c", binlogCommand
                + " | mariadb --no-defaults --protocol=TCP -h127.0.0.1 -P" + accident.db.port() + " -uroot")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("replay failed (needs mariadb-binlog and mariadb from Debian's"
                + " mariadb-client): " + Files.readString(log)).isZero();
    }

}
