package dev.dbrescue.core.deadlock.postgres;

import dev.dbrescue.core.deadlock.Deadlock;
import dev.dbrescue.core.deadlock.DeadlockSink;
import dev.dbrescue.core.deadlock.DeadlockTransaction;
import dev.dbrescue.core.deadlock.LoggedLockWait;
import dev.dbrescue.core.deadlock.ParseWarning;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** What a parse delivered, in delivery order, with helpers to read fixtures. */
final class Parsed implements DeadlockSink {

    static final String CAPTURED = "/fixtures/captured/postgresql-15/";

    final List<Deadlock> deadlocks = new ArrayList<>();
    final List<LoggedLockWait> waits = new ArrayList<>();
    final List<ParseWarning> warnings = new ArrayList<>();

    @Override
    public void deadlock(Deadlock deadlock) {
        deadlocks.add(deadlock);
    }

    @Override
    public void warning(ParseWarning warning) {
        warnings.add(warning);
    }

    @Override
    public void lockWait(LoggedLockWait wait) {
        waits.add(wait);
    }

    /** Deadlocks in the order of the log (delivery may lag for syslog-style logs). */
    List<Deadlock> deadlocksByLine() {
        return deadlocks.stream().sorted(Comparator.comparingLong(Deadlock::line)).toList();
    }

    /** Waits in the order their first line appears in the log. */
    List<LoggedLockWait> waitsByLine() {
        return waits.stream().sorted(Comparator.comparingLong(LoggedLockWait::line)).toList();
    }

    static DeadlockTransaction transaction(Deadlock deadlock, long pid) {
        return deadlock.transactions().stream().filter(t -> t.threadId() == pid).findFirst()
                .orElseThrow(() -> new AssertionError("no process " + pid + " in " + deadlock));
    }

    static DeadlockTransaction victim(Deadlock deadlock) {
        return deadlock.transactions().stream().filter(DeadlockTransaction::victim).findFirst()
                .orElseThrow(() -> new AssertionError("no victim in " + deadlock));
    }

    static Parsed parse(Reader reader, String source, PostgresLogParser parser) {
        Parsed parsed = new Parsed();
        try {
            parser.parse(reader, source, parsed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parsed;
    }

    static Parsed parse(String text) {
        return parse(new StringReader(text), "test", new PostgresLogParser());
    }

    static Parsed captured(String name) {
        return parse(new StringReader(capturedText(name)), name, new PostgresLogParser());
    }

    static String capturedText(String name) {
        try (InputStream in = Parsed.class.getResourceAsStream(CAPTURED + name)) {
            if (in == null) {
                throw new AssertionError("fixture missing from the test classpath: " + CAPTURED + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Reader capturedReader(String name) {
        InputStream in = Parsed.class.getResourceAsStream(CAPTURED + name);
        if (in == null) {
            throw new AssertionError("fixture missing from the test classpath: " + CAPTURED + name);
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }
}
