package dev.dbrescue.core.deadlock.postgres;

import dev.dbrescue.core.deadlock.Deadlock;
import dev.dbrescue.core.deadlock.DeadlockLock;
import dev.dbrescue.core.deadlock.DeadlockTransaction;
import dev.dbrescue.core.deadlock.LockKind;
import dev.dbrescue.core.deadlock.LoggedLockWait;
import dev.dbrescue.core.model.Engine;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static dev.dbrescue.core.deadlock.postgres.Parsed.transaction;
import static dev.dbrescue.core.deadlock.postgres.Parsed.victim;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public PostgreSQL fixtures (pgBadger's test logs, see shared/fixtures/public/PROVENANCE.md), read in place
 * from {@code ../../shared/fixtures/public} relative to this module; never copied into the repository.
 */
class PostgresLogConformanceTest {

    private static final Path PUBLIC = Path.of("../../shared/fixtures/public");

    /** Heroku logplex: a 3-process cycle of row locks, lock waits whose first lines are outside the excerpt. */
    @Test
    void herokuLogplexThreeProcessCycle() {
        Parsed parsed = parse("postgresql/pgbadger__t__fixtures__logplex.gz");

        assertThat(parsed.warnings).isEmpty();
        assertThat(parsed.deadlocks).singleElement().satisfies(deadlock -> {
            assertThat(deadlock.engine()).isEqualTo(Engine.POSTGRESQL);
            assertThat(deadlock.line()).isEqualTo(9);
            assertThat(deadlock.timeText()).isEqualTo("2019-03-14T00:23:00+00:00");
            assertThat(deadlock.detectedAt()).isEqualTo(Instant.parse("2019-03-14T00:23:00Z"));
            assertThat(deadlock.victimThreadId()).isEqualTo(4849L);
            assertThat(deadlock.transactions()).extracting(DeadlockTransaction::threadId)
                    .containsExactly(4849L, 4821L, 4796L);
            assertThat(deadlock.transactions()).extracting(DeadlockTransaction::victim)
                    .containsExactly(true, false, false);
            assertThat(deadlock.transactions()).allSatisfy(t -> {
                assertThat(t.waitingFor().mode()).isEqualTo("ShareLock");
                assertThat(t.waitingFor().kind()).isEqualTo(LockKind.TRANSACTION);
                assertThat(t.holds()).singleElement().satisfies(held -> {
                    assertThat(held.mode()).isEqualTo("ExclusiveLock");
                    assertThat(held.object()).isEqualTo("transaction " + t.trxId());
                });
            });
            // 4849 waits for 259635360, held by 4821; 4821 for 259635221 (4796); 4796 for 259635423 (4849)
            assertThat(deadlock.transactions()).extracting(t -> t.waitingFor().object()).containsExactly(
                    "transaction 259635360", "transaction 259635221", "transaction 259635423");
            assertThat(deadlock.transactions()).extracting(DeadlockTransaction::trxId)
                    .containsExactly("259635423", "259635360", "259635221");
            DeadlockTransaction victim = victim(deadlock);
            assertThat(victim.waitingFor().table()).as("named by the victim's CONTEXT").isEqualTo("redacted_table_2");
            assertThat(transaction(deadlock, 4821).waitingFor().table()).isNull();
            assertThat(victim.query()).startsWith("WITH redacted_table as (select redacted_field_1, key FROM")
                    .contains("fetched_at = '2019-03-13T12:20:02'::timestamp").endsWith("AND l.key = rl.key");
            assertThat(transaction(deadlock, 4821).query()).contains("\"resource_name\": \"Company\"")
                    .contains("'2019-03-13T09:01:45'");
            assertThat(transaction(deadlock, 4796).query()).contains("NEST-2193577")
                    .contains("'2019-03-13T18:36:38'");
        });

        List<LoggedLockWait> waits = parsed.waitsByLine();
        assertThat(waits).extracting(LoggedLockWait::pid).containsExactly(4882L, 4849L, 4821L, 4886L);
        assertThat(waits).extracting(LoggedLockWait::outcome)
                .containsExactly("acquired", "deadlock", "acquired", "acquired");
        assertThat(waits).extracting(LoggedLockWait::waitedMs).containsExactly(6511.441, 1000.134, 5634.256, 8512.037);
        assertThat(waits).allSatisfy(w -> {
            assertThat(w.lock().mode()).isEqualTo("ShareLock");
            assertThat(w.lock().table()).isEqualTo("redacted_table_2");
        });
        LoggedLockWait first = waits.get(0);
        assertThat(first.line()).isEqualTo(1);
        assertThat(first.lock().object()).isEqualTo("transaction 259635360");
        assertThat(first.holders()).containsExactly(4821L);
        assertThat(first.queue()).as("ahead of 4882 in 'Wait queue: 4886, 4882.'").containsExactly(4886L);
        assertThat(first.startedAt()).isEqualTo(Instant.parse("2019-03-14T00:22:56Z").minusNanos(1_000_119_000));
        assertThat(first.query()).contains("'2019-03-13T14:04:04'");
        LoggedLockWait deadlocked = waits.get(1);
        assertThat(deadlocked.holders()).containsExactly(4821L);
        assertThat(deadlocked.queue()).as("the victim has left the queue it logs").containsExactly(4886L, 4882L);
        assertThat(waits.get(2).holders()).as("its 'still waiting' line is not in the excerpt").isEmpty();
    }

    /** stderr with a [queryid=...] prefix: a relation lock wait, and a user cancel that ends no wait. */
    @Test
    void queryIdPrefixRelationLockWait() {
        Parsed parsed = parse("postgresql/pgbadger__t__fixtures__queryid.log.gz");

        assertThat(parsed.warnings).isEmpty();
        assertThat(parsed.deadlocks).isEmpty();
        assertThat(parsed.waits).singleElement().satisfies(wait -> {
            assertThat(wait.pid()).isEqualTo(2129L);
            assertThat(wait.line()).isEqualTo(53);
            assertThat(wait.outcome()).isEqualTo("acquired");
            assertThat(wait.waitedMs()).isEqualTo(13555.814);
            assertThat(wait.lock()).isEqualTo(new DeadlockLock("96570405", null, "AccessShareLock", LockKind.RELATION,
                    false, "relation 96570405 of database 16384", List.of()));
            assertThat(wait.holders()).containsExactly(2120L);
            assertThat(wait.queue()).isEmpty();
            assertThat(wait.query()).isEqualTo("select * from t1;");
            assertThat(wait.timeText()).isEqualTo("2022-02-17 16:27:06.567 UTC");
            assertThat(Duration.between(wait.startedAt(), Instant.parse("2022-02-17T16:27:06.567Z")))
                    .isEqualTo(Duration.ofNanos(1_000_153_000));
        });
    }

    @Test
    void theFormatIsRecognisedAndInnoDbTextIsNot() throws IOException {
        for (String log : List.of("postgresql/pgbadger__t__fixtures__logplex.gz",
                "postgresql/pgbadger__t__fixtures__queryid.log.gz")) {
            String head = head(read(log));
            assertThat(PostgresLogParser.recognizes(head)).as(log).isTrue();
            assertThat(PostgresLogFormat.detect(head)).as(log).isEqualTo(PostgresLogFormat.STDERR);
        }
        try (Stream<Path> files = Files.list(directory().resolve("mysql"))) {
            List<Path> mysql = files.filter(Files::isRegularFile).toList();
            assertThat(mysql).isNotEmpty();
            for (Path file : mysql) {
                String head = head(Files.readString(file, StandardCharsets.ISO_8859_1));
                assertThat(PostgresLogParser.recognizes(head)).as(file.toString()).isFalse();
                Parsed parsed = Parsed.parse(head);
                assertThat(parsed.deadlocks).as(file.toString()).isEmpty();
            }
        }
    }

    private static String head(String text) {
        return text.substring(0, Math.min(text.length(), PostgresLogParser.HEAD_CHARS));
    }

    private static Parsed parse(String fixture) {
        Path file = directory().resolve(fixture);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return Parsed.parse(new InputStreamReader(in, StandardCharsets.UTF_8), fixture, new PostgresLogParser());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(String fixture) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(directory().resolve(fixture)))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Path directory() {
        assertThat(PUBLIC.resolve("PROVENANCE.md"))
                .as("the public fixtures: clone the project next to shared/ so that ../../shared/fixtures/public "
                        + "exists relative to dbrescue-core")
                .exists();
        return PUBLIC;
    }
}
