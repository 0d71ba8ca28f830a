package dev.dbrescue.app.deadlocks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrescue.core.deadlock.Deadlock;
import dev.dbrescue.core.deadlock.DeadlockLock;
import dev.dbrescue.core.deadlock.DeadlockTransaction;
import dev.dbrescue.core.deadlock.LockKind;
import dev.dbrescue.core.deadlock.analysis.AnalyzedDeadlock;
import dev.dbrescue.core.model.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JsonLinesTest {

    @TempDir
    Path dir;

    static AnalyzedDeadlock deadlock(long first, long second) {
        DeadlockLock row1 = new DeadlockLock("test.accounts", "PRIMARY", "X", LockKind.RECORD, false, "heap 2", List.of());
        DeadlockLock row2 = new DeadlockLock("test.accounts", "PRIMARY", "X", LockKind.RECORD, false, "heap 3", List.of());
        return AnalyzedDeadlock.of(new Deadlock(Engine.MARIADB, Instant.parse("2026-11-21T12:00:00Z"), "2026-11-21 12:00:00", second,
                List.of(new DeadlockTransaction("10", first, "root", "127.0.0.1", "updating", 1.0, 1, 1, 3L, 2L, 1L,
                                "UPDATE accounts SET balance = balance + 10 WHERE id = 2\nAND 1 = 1", List.of(row1), row2, false),
                        new DeadlockTransaction("11", second, "root", "127.0.0.1", "updating", 1.0, 1, 1, 3L, 2L, 1L,
                                "UPDATE accounts SET balance = balance + 20 WHERE id = 1", List.of(row2), row1, true)),
                false, DeadlockWatch.STATUS_SOURCE, 12));
    }

    @Test
    void eachRecordIsOneLineWithTheParseFieldsAndAType() throws Exception {
        StringWriter out = new StringWriter();
        JsonLines lines = new JsonLines(out, "test");
        AnalyzedDeadlock d = deadlock(7, 8);
        lines.deadlock(d, Instant.parse("2026-11-21T12:00:05Z"));
        lines.missed(3, Instant.parse("2026-11-21T12:00:05Z"), Instant.parse("2026-11-21T12:00:10Z"), 42, "do this");
        List<String> written = out.toString().lines().toList();
        assertThat(out.toString()).endsWith("\n");
        assertThat(written).hasSize(2);
        JsonNode first = new ObjectMapper().readTree(written.get(0));
        assertThat(first.get("type").asText()).isEqualTo("deadlock");
        assertThat(first.get("engine").asText()).isEqualTo("mariadb");
        assertThat(first.get("fingerprint").asText()).isEqualTo(d.fingerprint());
        assertThat(first.get("pattern").asText()).isEqualTo(d.pattern().jsonName());
        assertThat(first.get("victimThreadId").asLong()).isEqualTo(8);
        assertThat(first.get("seenAt").asText()).isEqualTo("2026-11-21T12:00:05Z");
        assertThat(first.get("transactions")).extracting(t -> t.get("threadId").asLong()).containsExactly(7L, 8L);
        assertThat(first.get("transactions").get(0).get("query").asText()).contains("\n"); // escaped, still one line
        assertThat(first.get("transactions").get(0).get("waitingFor").get("kind").asText()).isEqualTo("record");
        JsonNode missed = new ObjectMapper().readTree(written.get(1));
        assertThat(missed.get("type").asText()).isEqualTo("missed");
        assertThat(missed.get("count").asLong()).isEqualTo(3);
        assertThat(missed.get("since").asText()).isEqualTo("2026-11-21T12:00:05Z");
        assertThat(missed.get("until").asText()).isEqualTo("2026-11-21T12:00:10Z");
        assertThat(missed.get("counter").asLong()).isEqualTo(42);
        assertThat(missed.get("hint").asText()).isEqualTo("do this");
    }

    @Test
    void recallsTheDeadlocksAnEarlierRunWrote() throws Exception {
        Path file = dir.resolve("deadlocks.jsonl");
        StringWriter out = new StringWriter();
        JsonLines lines = new JsonLines(out, "test");
        AnalyzedDeadlock a = deadlock(1, 2);
        AnalyzedDeadlock b = deadlock(3, 4);
        lines.deadlock(a, Instant.EPOCH);
        lines.missed(1, Instant.EPOCH, Instant.EPOCH, 5, "hint");
        lines.deadlock(b, Instant.EPOCH);
        Files.writeString(file, "not json at all\n" + out + "{\"type\":\"deadlock\",\"fingerprint\":\"cut sh");
        RecentFingerprints seen = new RecentFingerprints();
        JsonLines.recall(file, seen);
        assertThat(seen.size()).isEqualTo(2);
        assertThat(seen.contains(a.fingerprint())).isTrue();
        assertThat(seen.contains(b.fingerprint())).isTrue();
        JsonLines.recall(dir.resolve("absent.jsonl"), seen); // no file yet: nothing to recall, no error
        assertThat(seen.size()).isEqualTo(2);
    }
}
