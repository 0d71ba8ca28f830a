package dev.dbrescue.app.binlog;

import dev.dbrescue.app.CliErrorsIT;
import dev.dbrescue.app.CliErrorsIT.Run;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MariaDB's compressed binlog events ({@code log_bin_compress=ON}): the second pass inflates each rows event again
 * where the first found it, and seed 01's DELETE comes back whole.
 */
class FlashbackCompressedIT {

    @Test
    void theDeleteIsUndoneFromCompressedEvents() throws Exception {
        try (BinlogAccident accident = BinlogAccident.produce("--log-bin-compress=ON",
                "--log-bin-compress-min-len=10")) {
            List<String> args = new ArrayList<>(List.of("flashback", "--transaction", accident.accidentGtid,
                    "--apply", accident.db.uri(), "--execute", "--yes", "--audit-log",
                    accident.db.dataDirectory().resolve("audit.jsonl").toString(), "--binlog"));
            args.addAll(accident.files);

            Run run = CliErrorsIT.run(args.toArray(String[]::new));

            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            try (Connection c = DriverManager.getConnection(accident.db.jdbcUrl()); Statement s = c.createStatement()) {
                assertThat(BinlogAccident.count(s, "SELECT COUNT(*) FROM shop.users")).isEqualTo(accident.usersBefore);
                assertThat(BinlogAccident.string(s, "SELECT @@log_bin_compress")).isEqualTo("1");
            }
        }
    }
}
