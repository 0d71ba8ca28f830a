package dev.dbrescue.core.deadlock.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dbrescue.core.deadlock.Deadlock;
import dev.dbrescue.core.deadlock.DeadlockFormats;
import dev.dbrescue.core.deadlock.DeadlockSink;
import dev.dbrescue.core.deadlock.ParseWarning;
import dev.dbrescue.core.deadlock.analysis.AnalyzedDeadlock;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of every deadlock parser (Jazzer). In a normal test run it replays the seed inputs in
 * src/test/resources/dev/dbrescue/core/deadlock/fuzz/DeadlockParsersFuzzTestInputs/ (and any crash found before);
 * with JAZZER_FUZZ=1 it fuzzes for the bounded time below. Contract: whatever the input, parsing ends without an
 * exception, and every deadlock it yields can be analysed.
 */
class DeadlockParsersFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void anyInputParsesWithoutException(byte[] data) throws IOException {
        String text = new String(data, java.nio.charset.StandardCharsets.UTF_8);
        int[] counts = new int[2];
        DeadlockFormats.parse(new BufferedReader(new StringReader(text)), "fuzz", new DeadlockSink() {
            @Override
            public void deadlock(Deadlock deadlock) {
                AnalyzedDeadlock.of(deadlock);
                counts[0]++;
            }

            @Override
            public void warning(ParseWarning warning) {
                assertThat(warning.line()).isPositive();
                counts[1]++;
            }
        });
        assertThat(counts[0] + counts[1]).isGreaterThanOrEqualTo(0);
    }
}
