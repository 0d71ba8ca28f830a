package dev.dbrescue.app.deadlocks;

import dev.dbrescue.core.deadlock.Deadlock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A log read in pieces, cut anywhere (as a tail reads a log the server is writing), gives exactly the deadlocks of
 * the whole file, each once and whole, line numbers included. Real server output: the logs captured from the lab
 * for the parsers' tests (dbrescue-core's fixtures, see their README).
 */
class LogWindowTest {

    static final Path CAPTURED = Path.of("../dbrescue-core/src/test/resources/fixtures/captured");

    static List<Deadlock> read(byte[] log, int[] cuts) throws Exception {
        List<Deadlock> got = new ArrayList<>();
        LogWindow window = new LogWindow(got::add, warning -> { });
        window.begin("test.log");
        int from = 0;
        for (int cut : cuts) {
            int lineEnd = cut;
            while (lineEnd > from && log[lineEnd - 1] != '\n') {
                lineEnd--; // the tail hands over complete lines only
            }
            if (lineEnd > from) {
                window.add(new String(Arrays.copyOfRange(log, from, lineEnd), StandardCharsets.UTF_8));
                from = lineEnd;
            }
        }
        window.add(new String(Arrays.copyOfRange(log, from, log.length), StandardCharsets.UTF_8));
        window.flush();
        return got;
    }

    static byte[] fixture(String name) throws Exception {
        Path file = CAPTURED.resolve(name);
        assertThat(file).as("captured fixture (dbrescue-core/src/test/resources/fixtures/captured)").isRegularFile();
        return Files.readAllBytes(file);
    }

    /** One read that ends anywhere: after every line of the file in turn. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mariadb-10.11/innodb-parser-error.log", "postgresql-15/pglog-default.log",
            "postgresql-15/pglog-noprefix.log", "postgresql-15/pglog-default.csv", "postgresql-15/pglog-default.json",
            "postgresql-15/pglog-syslog.log", "postgresql-15/pglog-epoch-pid-terse.log"})
    void aReadEndingAfterAnyLineLosesNothing(String name) throws Exception {
        byte[] log = fixture(name);
        List<Deadlock> whole = read(log, new int[0]);
        assertThat(whole).hasSizeGreaterThanOrEqualTo(2);
        for (int i = 0; i < log.length; i++) {
            if (log[i] == '\n') {
                assertThat(read(log, new int[]{i + 1})).as("read ending at byte " + (i + 1)).containsExactlyElementsOf(whole);
            }
        }
    }

    /**
     * Many reads, each ending anywhere, as a tail reads a busy log. A server writes a report within milliseconds and
     * the tail reads after 200 ms of quiet at least a second apart, so reads end inside one report at most once:
     * the cuts here are at least {@link #REPORT_BYTES} apart.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mariadb-10.11/innodb-parser-error.log", "postgresql-15/pglog-default.log",
            "postgresql-15/pglog-noprefix.log", "postgresql-15/pglog-default.csv", "postgresql-15/pglog-default.json"})
    void manyReadsEndingAnywhereLoseNothing(String name) throws Exception {
        byte[] log = fixture(name);
        List<Deadlock> whole = read(log, new int[0]);
        Random random = new Random(name.hashCode());
        for (int trial = 0; trial < 300; trial++) {
            List<Integer> cuts = new ArrayList<>();
            for (int at = random.nextInt(REPORT_BYTES); at < log.length; at += REPORT_BYTES + random.nextInt(REPORT_BYTES)) {
                cuts.add(at);
            }
            int[] sorted = cuts.stream().mapToInt(Integer::intValue).toArray();
            assertThat(read(log, sorted)).as("cut at " + cuts).containsExactlyElementsOf(whole);
        }
    }

    /** Longer than any one report in the fixtures (MariaDB's two-way reports are about 2.5 KB). */
    static final int REPORT_BYTES = 4096;
}
