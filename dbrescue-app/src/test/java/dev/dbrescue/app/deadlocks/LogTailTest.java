package dev.dbrescue.app.deadlocks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The tail follows a file through appends, half-written lines, truncation and both kinds of rotation. */
class LogTailTest {

    @TempDir
    Path dir;

    /** Records what the tail hands over: "begin name@offset" and the texts. */
    static final class Recorder implements LogTail.Consumer {
        final List<String> events = new ArrayList<>();

        @Override
        public void begin(Path file, long offset) {
            events.add("begin " + file.getFileName() + "@" + offset);
        }

        @Override
        public void lines(String text) {
            events.add(text);
        }

        String text() {
            return String.join("", events.stream().filter(e -> !e.startsWith("begin ")).toList());
        }
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void startsAtTheEndAndHandsOverOnlyCompleteLines() throws IOException {
        Path log = dir.resolve("error.log");
        append(log, "old line\n");
        Recorder r = new Recorder();
        try (LogTail tail = new LogTail()) {
            tail.read(log, false, false, r);
            assertThat(r.events).containsExactly("begin error.log@9");
            append(log, "first\nsecond half");
            tail.read(log, false, false, r);
            assertThat(r.text()).isEqualTo("first\n");
            append(log, " written\n");
            tail.read(log, false, false, r);
            assertThat(r.text()).isEqualTo("first\nsecond half written\n");
            tail.read(log, false, false, r);
            assertThat(r.text()).as("nothing new, nothing handed over").isEqualTo("first\nsecond half written\n");
        }
    }

    @Test
    void fromStartReadsEverythingAndEverythingIncludesALastLineWithoutNewline() throws IOException {
        Path log = dir.resolve("error.log");
        append(log, "a\nb\nunfinished");
        Recorder r = new Recorder();
        try (LogTail tail = new LogTail()) {
            tail.read(log, true, true, r);
        }
        assertThat(r.events.get(0)).isEqualTo("begin error.log@0");
        assertThat(r.text()).isEqualTo("a\nb\nunfinished");
    }

    @Test
    void aTruncatedFileIsReadAgainFromItsBeginning() throws IOException {
        Path log = dir.resolve("error.log");
        append(log, "before\n");
        Recorder r = new Recorder();
        try (LogTail tail = new LogTail()) {
            tail.read(log, false, false, r);
            append(log, "more text before the truncation\n");
            tail.read(log, false, false, r);
            Files.writeString(log, "after\n"); // copytruncate: same file, shorter
            tail.read(log, false, false, r);
        }
        assertThat(r.events).containsExactly("begin error.log@7", "more text before the truncation\n", "begin error.log@0", "after\n");
    }

    @Test
    void aReplacedFileIsReadToItsEndThenTheNewOneFromItsBeginning() throws IOException {
        Path log = dir.resolve("error.log");
        append(log, "");
        Recorder r = new Recorder();
        try (LogTail tail = new LogTail()) {
            tail.read(log, false, false, r);
            append(log, "one\n");
            tail.read(log, false, false, r);
            append(log, "written after our read, before the rotation\n");
            Files.move(log, dir.resolve("error.log.1"));
            append(log, "in the new file\n");
            tail.read(log, false, false, r);
        }
        assertThat(r.events).containsExactly("begin error.log@0", "one\n", "written after our read, before the rotation\n",
                "begin error.log@0", "in the new file\n");
    }

    @Test
    void aNewNameIsReadFromItsBeginningAfterTheOldOneIsFinished() throws IOException {
        Path first = dir.resolve("postgresql-1.log");
        Path second = dir.resolve("postgresql-2.log");
        append(first, "x\n");
        Recorder r = new Recorder();
        try (LogTail tail = new LogTail()) {
            tail.read(first, false, false, r);
            append(first, "last words\n");
            append(second, "new file\n");
            tail.read(second, false, false, r);
            assertThat(tail.path()).isEqualTo(second);
        }
        assertThat(r.events).containsExactly("begin postgresql-1.log@2", "last words\n", "begin postgresql-2.log@0", "new file\n");
    }

    @Test
    void aFileThatAppearsLaterIsReadFromItsBeginning() throws IOException {
        Path log = dir.resolve("later.log");
        Recorder r = new Recorder();
        try (LogTail tail = new LogTail()) {
            tail.read(log, false, false, r);
            assertThat(r.events).isEmpty();
            append(log, "first words\n");
            tail.read(log, false, false, r);
        }
        assertThat(r.events).containsExactly("begin later.log@0", "first words\n");
    }

    @Test
    void bigBacklogsComeInBoundedPiecesCutAtLineEnds() throws IOException {
        Path log = dir.resolve("big.log");
        String line = "x".repeat(99) + "\n";
        append(log, line.repeat(30_000)); // 3 MB
        Recorder r = new Recorder();
        try (LogTail tail = new LogTail()) {
            tail.read(log, true, true, r);
        }
        List<String> pieces = r.events.subList(1, r.events.size());
        assertThat(pieces).hasSizeGreaterThan(2);
        assertThat(pieces).allSatisfy(p -> {
            assertThat(p.length()).isLessThanOrEqualTo(LogTail.CHUNK);
            assertThat(p).endsWith("\n");
        });
        assertThat(r.text()).isEqualTo(line.repeat(30_000));
    }
}
