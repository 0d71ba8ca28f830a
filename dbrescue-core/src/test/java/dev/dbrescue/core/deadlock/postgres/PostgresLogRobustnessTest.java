package dev.dbrescue.core.deadlock.postgres;

import dev.dbrescue.core.deadlock.Deadlock;
import dev.dbrescue.core.deadlock.LoggedLockWait;
import dev.dbrescue.core.deadlock.ParseWarning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static dev.dbrescue.core.deadlock.postgres.Parsed.victim;
import static org.assertj.core.api.Assertions.assertThat;

/** Cut, mixed and oversized input made from the captured logs: partial results and warnings, never exceptions. */
class PostgresLogRobustnessTest {

    /** Every prefix of a log parses; what it yields is a subset of the whole, warnings point at real lines. */
    @ParameterizedTest
    @ValueSource(strings = {"pglog-default.log", "pglog-default.csv", "pglog-default.json", "pglog-syslog.log"})
    void truncatedAnywhere(String fixture) {
        String text = Parsed.capturedText(fixture);
        long lines = text.lines().count();
        PostgresLogFormat format = PostgresLogFormat.detect(text);
        for (int end = 0; end < text.length(); end += 37) {
            Parsed parsed = Parsed.parse(new StringReader(text.substring(0, end)), fixture,
                    new PostgresLogParser(format));
            assertThat(parsed.deadlocks).as("cut at %d", end).hasSizeLessThanOrEqualTo(3);
            assertThat(parsed.waits).as("cut at %d", end).hasSizeLessThanOrEqualTo(12);
            assertThat(parsed.warnings).as("cut at %d", end)
                    .allSatisfy(w -> assertThat(w.line()).isBetween(1L, lines));
        }
    }

    /**
     * Seeded random damage (characters replaced, deleted, duplicated, digits lengthened, quotes and newlines
     * added) to every captured format: whatever comes out, no exception, and warnings point at real lines.
     */
    @ParameterizedTest
    @ValueSource(strings = {"pglog-default.log", "pglog-default.csv", "pglog-default.json", "pglog-syslog.log",
            "pglog-noprefix.log"})
    void randomDamage(String fixture) {
        String text = Parsed.capturedText(fixture);
        String noise = "\"\n\t,{}[]():0123456789 #011Process process waits for on; blocked by";
        for (int seed = 0; seed < 200; seed++) {
            java.util.Random random = new java.util.Random(seed);
            StringBuilder damaged = new StringBuilder(text);
            for (int edit = 0; edit < 1 + random.nextInt(40); edit++) {
                int at = random.nextInt(damaged.length());
                switch (random.nextInt(5)) {
                    case 0 -> damaged.setCharAt(at, noise.charAt(random.nextInt(noise.length())));
                    case 1 -> damaged.deleteCharAt(at);
                    case 2 -> damaged.insert(at, damaged, at, Math.min(damaged.length(), at + random.nextInt(200)));
                    case 3 -> damaged.insert(at, "9".repeat(1 + random.nextInt(40)));
                    default -> damaged.insert(at, noise.charAt(random.nextInt(noise.length())));
                }
            }
            long lines = damaged.chars().filter(c -> c == '\n').count() + 1;
            Parsed parsed = Parsed.parse(new StringReader(damaged.toString()), fixture,
                    new PostgresLogParser(PostgresLogFormat.detect(text)));
            assertThat(parsed.warnings).as("seed %d", seed)
                    .allSatisfy(w -> assertThat(w.line()).isBetween(1L, lines));
            assertThat(parsed.deadlocks).as("seed %d", seed).allSatisfy(d -> assertThat(d.transactions()).isNotEmpty());
        }
    }

    @Test
    void csvCutInsideTheDeadlockDetail() {
        String text = Parsed.capturedText("pglog-default.csv");
        int cut = text.indexOf("Process 30202 waits for") + "Process 30202 wai".length();
        Parsed parsed = Parsed.parse(new StringReader(text.substring(0, cut)), "cut.csv",
                new PostgresLogParser(PostgresLogFormat.CSVLOG));

        assertThat(parsed.warnings).extracting(ParseWarning::line).containsOnly(12L);
        assertThat(parsed.warnings).extracting(ParseWarning::text).anySatisfy(t -> assertThat(t).contains("quoted"));
        assertThat(parsed.deadlocks).singleElement().satisfies(d -> {
            assertThat(d.victimThreadId()).isEqualTo(30203L);
            assertThat(victim(d).waitingFor().object()).isEqualTo("transaction 728");
        });
        assertThat(parsed.waits).extracting(LoggedLockWait::outcome).as("30202 never got its answer")
                .containsExactly("deadlock", "waiting");
    }

    @Test
    void stderrCutInsideTheDeadlockDetail() {
        String text = Parsed.capturedText("pglog-default.log");
        int cut = text.indexOf("\tProcess 30203: UPDATE");
        Parsed parsed = Parsed.parse(text.substring(0, cut));

        assertThat(parsed.warnings).isEmpty();
        assertThat(parsed.deadlocks).singleElement().satisfies(d -> {
            assertThat(d.transactions()).hasSize(2);
            assertThat(victim(d).query()).as("no per-process statement: the victim's own is unknown too").isNull();
        });
    }

    /** Lines that are not PostgreSQL's (another program writing to the same file) are reported and skipped. */
    @Test
    void foreignLinesBetweenMessages() {
        String text = Parsed.capturedText("pglog-default.log");
        StringBuilder mixed = new StringBuilder();
        List<Long> foreign = new ArrayList<>();
        long number = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("2026-")) {
                mixed.append("waiting for server to start.... done\n");
                foreign.add(++number);
            }
            mixed.append(line).append('\n');
            number++;
        }
        Parsed original = Parsed.parse(text);
        Parsed parsed = Parsed.parse(mixed.toString());

        assertThat(parsed.warnings).extracting(ParseWarning::line).containsExactlyElementsOf(foreign);
        assertThat(parsed.warnings).allSatisfy(w -> assertThat(w.text()).startsWith("not a PostgreSQL log line"));
        assertThat(withoutLines(parsed.deadlocks)).isEqualTo(withoutLines(original.deadlocks));
        assertThat(parsed.waits).extracting(LoggedLockWait::outcome)
                .containsExactlyElementsOf(original.waits.stream().map(LoggedLockWait::outcome).toList());
        assertThat(parsed.waits).extracting(LoggedLockWait::query)
                .containsExactlyElementsOf(original.waits.stream().map(LoggedLockWait::query).toList());
    }

    /** Syslog sends each line alone: lines of two processes can arrive mixed. */
    @Test
    void interleavedSyslogLines() {
        List<String> lines = Parsed.capturedText("pglog-syslog.log").lines().toList();
        // lines 20-33: 31147's deadlock error; 34-38: 31146's 'acquired' message. Deal them out alternately.
        List<String> error = lines.subList(19, 33);
        List<String> acquired = lines.subList(33, 38);
        assertThat(error.get(0)).contains("postgres[31147]: [7-1]").contains("ERROR:  deadlock detected");
        assertThat(acquired.get(0)).contains("postgres[31146]: [7-1]").contains("acquired ShareLock");
        List<String> mixed = new ArrayList<>(lines.subList(0, 19));
        for (int i = 0; i < error.size(); i++) {
            mixed.add(error.get(i));
            if (i < acquired.size()) {
                mixed.add(acquired.get(i));
            }
        }
        mixed.addAll(lines.subList(38, lines.size()));
        Parsed original = Parsed.captured("pglog-syslog.log");
        Parsed parsed = Parsed.parse(String.join("\n", mixed));

        assertThat(parsed.warnings).isEmpty();
        assertThat(withoutLines(parsed.deadlocksByLine())).isEqualTo(withoutLines(original.deadlocksByLine()));
        assertThat(parsed.waitsByLine()).extracting(LoggedLockWait::outcome, LoggedLockWait::query, LoggedLockWait::pid)
                .containsExactlyElementsOf(original.waitsByLine().stream()
                        .map(w -> org.assertj.core.groups.Tuple.tuple(w.outcome(), w.query(), w.pid())).toList());
    }

    @Test
    void malformedCsvRecordsAreReported() {
        String text = Parsed.capturedText("pglog-default.csv");
        int at = text.indexOf("2026-11-21 12:52:49.226 UTC");
        String broken = text.substring(0, at) + "2026-11-21 12:52:49.000 UTC,only,a,few\n" + text.substring(at);
        Parsed parsed = Parsed.parse(new StringReader(broken), "broken.csv",
                new PostgresLogParser(PostgresLogFormat.CSVLOG));

        assertThat(parsed.warnings).singleElement().satisfies(w -> {
            assertThat(w.line()).isEqualTo(25);
            assertThat(w.text()).contains("4 fields");
        });
        assertThat(parsed.deadlocks).hasSize(3);
        assertThat(parsed.waits).hasSize(12);
    }

    @Test
    void malformedJsonLinesAreReported() {
        List<String> lines = new ArrayList<>(Parsed.capturedText("pglog-default.json").lines().toList());
        String deadlock = lines.get(7);
        lines.set(7, deadlock.substring(0, deadlock.length() / 2) + "}"); // cut inside, closed wrongly
        lines.add(3, "this is not json");
        Parsed parsed = Parsed.parse(new StringReader(String.join("\n", lines)), "broken.json",
                new PostgresLogParser(PostgresLogFormat.JSONLOG));

        assertThat(parsed.warnings).extracting(ParseWarning::line).containsExactly(4L, 9L);
        assertThat(parsed.deadlocks).hasSize(2);
        assertThat(parsed.waits).hasSize(12);
    }

    @Test
    void theOpenWaitTableIsBounded() {
        Parsed parsed = Parsed.parse(Parsed.capturedReader("pglog-default.log"), "bounded",
                new PostgresLogParser(null, 1));

        assertThat(parsed.warnings).singleElement().satisfies(w -> {
            assertThat(w.text()).contains("more than 1 lock waits open");
            assertThat(w.line()).as("30203 starts waiting while 30202 still does").isEqualTo(12);
        });
        // each time a second wait opens, the older one is delivered as still waiting; its end starts a new one
        assertThat(parsed.waits).filteredOn(w -> w.outcome().equals("waiting")).extracting(LoggedLockWait::pid)
                .containsExactly(30202L, 30219L, 30220L, 30223L, 30226L);
        assertThat(parsed.waits).hasSize(12 + 5);
        assertThat(parsed.deadlocks).hasSize(3);
    }

    @Test
    void anEndlessLineIsCutAndTheRestParsed() {
        String text = Parsed.capturedText("pglog-default.log");
        int at = text.indexOf("2026-11-21 12:52:49.226 UTC");
        String huge = "x".repeat(3 * LogInput.MAX_LINE);
        Parsed parsed = Parsed.parse(text.substring(0, at) + huge + "\n" + text.substring(at));

        assertThat(parsed.warnings).extracting(ParseWarning::line).containsExactly(37L, 37L);
        assertThat(parsed.warnings).extracting(ParseWarning::text).anySatisfy(t -> assertThat(t).startsWith("line longer"));
        assertThat(parsed.deadlocks).hasSize(3);
        assertThat(parsed.waits).hasSize(12);
    }

    @Test
    void emptyInput() {
        for (String text : List.of("", "\n\n", "\r\n")) {
            Parsed parsed = Parsed.parse(text);
            assertThat(parsed.deadlocks).isEmpty();
            assertThat(parsed.waits).isEmpty();
            assertThat(parsed.warnings).isEmpty();
        }
    }

    /** The log repeated 2,000 times (19 MB), generated while read: everything is found, nothing is kept. */
    @ParameterizedTest
    @ValueSource(strings = {"pglog-default.log", "pglog-default.csv", "pglog-default.json"})
    void aLongLogIsStreamed(String fixture) {
        String text = Parsed.capturedText(fixture);
        int copies = 2_000;
        Reader repeated = new Reader() {
            private int copy;
            private int position;

            @Override
            public int read(char[] buffer, int offset, int length) {
                if (copy == copies) {
                    return -1;
                }
                int n = Math.min(length, text.length() - position);
                text.getChars(position, position + n, buffer, offset);
                position += n;
                if (position == text.length()) {
                    copy++;
                    position = 0;
                }
                return n;
            }

            @Override
            public void close() {
            }
        };
        CountingSink counts = new CountingSink();
        try {
            new PostgresLogParser().parse(repeated, fixture, counts);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }

        assertThat(counts.deadlocks).isEqualTo(3L * copies);
        assertThat(counts.waits).isEqualTo(12L * copies);
        assertThat(counts.warnings).isZero();
        assertThat(counts.lastDeadlockLine).isEqualTo((copies - 1) * text.lines().count() + 84
                - (fixture.endsWith(".csv") ? 40 : fixture.endsWith(".json") ? 60 : 0));
    }

    private static List<Deadlock> withoutLines(List<Deadlock> deadlocks) {
        return deadlocks.stream().map(d -> new Deadlock(d.engine(), d.detectedAt(), d.timeText(), d.victimThreadId(),
                d.transactions(), d.tooDeep(), "", 0)).toList();
    }

    /** Counts only, so that the test itself keeps nothing either. */
    private static final class CountingSink implements dev.dbrescue.core.deadlock.DeadlockSink {
        long deadlocks;
        long waits;
        long warnings;
        long lastDeadlockLine;

        @Override
        public void deadlock(Deadlock deadlock) {
            deadlocks++;
            lastDeadlockLine = Math.max(lastDeadlockLine, deadlock.line());
        }

        @Override
        public void warning(ParseWarning warning) {
            warnings++;
        }

        @Override
        public void lockWait(LoggedLockWait wait) {
            waits++;
        }
    }
}
