package dev.dbrescue.app.deadlocks;

import dev.dbrescue.core.deadlock.Deadlock;
import dev.dbrescue.core.deadlock.DeadlockFormats;
import dev.dbrescue.core.deadlock.DeadlockSink;
import dev.dbrescue.core.deadlock.ParseWarning;
import dev.dbrescue.core.deadlock.analysis.AnalyzedDeadlock;
import dev.dbrescue.core.model.Limitation;
import dev.dbrescue.core.spi.DeadlockFeed;
import dev.dbrescue.core.spi.Reading;

import java.io.Closeable;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One deadlock logger, polled by {@code deadlocks watch}. Each poll reads the best source the server offers: its log
 * (every deadlock) when this process can read it, else the latest report (InnoDB status: one deadlock per poll at
 * most), else nothing but the count. Each deadlock is written once (by identity fingerprint), and the server's
 * counter tells how many happened that no source showed: a {@code missed} line.
 * <p>
 * The counter is read after the first look and before every later one, so that a deadlock that happens during a
 * poll can only make the missed count too low for a moment, never too high.
 */
final class DeadlockWatch implements Closeable {

    /**
     * @param logReachable  dbrescue runs on the server's machine, so a log path the server names is a file here
     * @param serverLog     the log named by the user (--server-log), read instead of asking the server; may be null
     * @param wholeLog      read the log from its beginning and hand on everything at once (--once)
     * @param debug         also report input that could not be parsed
     */
    record Settings(boolean logReachable, Path serverLog, boolean wholeLog, boolean debug) {
    }

    /** What one poll did. */
    record Poll(int deadlocks, long missed) {
    }

    enum Source { LOG, STATUS, COUNT_ONLY }

    static final String STATUS_SOURCE = "SHOW ENGINE INNODB STATUS";

    private final DeadlockFeed feed;
    private final JsonLines out;
    private final RecentFingerprints seen;
    private final Consumer<String> messages;
    private final Settings settings;
    private final Clock clock;
    private final LogWindow window;
    private final Set<String> said = new HashSet<>();

    private final Enrichment enrichment;
    /** The session of the current poll, for the enrichment (reports held back are handed on after it). */
    private Connection connection;

    private LogTail tail = new LogTail();
    private Source source;
    private Limitation noLog;
    private Instant pollTime;
    private Instant lastPoll;
    private int emitted;
    /** Files the tail began to read: after the first, each one is news (rotation, truncation). */
    private int filesBegun;

    private Long baseline;
    private long lastCounter;
    private long seenSinceBaseline;
    private long reportedMissed;

    /** What a live server adds to a new deadlock before it is written (its transactions' earlier statements). */
    interface Enrichment {
        Enrichment NONE = (connection, deadlock) -> deadlock;

        AnalyzedDeadlock apply(Connection connection, AnalyzedDeadlock deadlock);
    }

    DeadlockWatch(DeadlockFeed feed, JsonLines out, RecentFingerprints seen, Consumer<String> messages, Settings settings,
                  Clock clock) {
        this(feed, out, seen, messages, settings, clock, Enrichment.NONE);
    }

    DeadlockWatch(DeadlockFeed feed, JsonLines out, RecentFingerprints seen, Consumer<String> messages, Settings settings,
                  Clock clock, Enrichment enrichment) {
        this.enrichment = enrichment;
        this.feed = feed;
        this.out = out;
        this.seen = seen;
        this.messages = messages;
        this.settings = settings;
        this.clock = clock;
        this.window = new LogWindow(this::record, this::parseWarning);
    }

    /** Looks once: writes the deadlocks not seen before, then a missed line if the counter says so. */
    Poll poll(Connection connection) throws SQLException, IOException {
        pollTime = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        emitted = 0;
        this.connection = connection;
        Long before = baseline == null ? null : counter(connection);
        try {
            look(connection);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Long counter = baseline == null ? counter(connection) : before;
        long missed = account(counter);
        lastPoll = pollTime;
        return new Poll(emitted, missed);
    }

    /** After a new session: the server may have restarted, so the counter starts over. */
    void reconnected() {
        baseline = null;
    }

    /** Hands on what is held back: no more text is coming. */
    void finish() throws IOException {
        try {
            window.flush();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    Source source() {
        return source;
    }

    @Override
    public void close() throws IOException {
        tail.close();
    }

    // ---- looking ----

    private void look(Connection connection) throws SQLException, IOException {
        Path log = logFile(connection);
        if (log != null) {
            switchTo(Source.LOG, "tailing " + log + " (every deadlock the server logs)");
            boolean[] grew = {false};
            tail.read(log, settings.wholeLog(), settings.wholeLog(), new LogTail.Consumer() {
                @Override
                public void begin(Path file, long offset) {
                    window.begin(offset == 0 ? file.toString() : file + "@" + offset);
                    if (filesBegun++ > 0) {
                        messages.accept("reading " + file + " from its beginning (new, rotated or truncated)");
                    }
                }

                @Override
                public void lines(String text) throws IOException {
                    grew[0] = true;
                    window.add(text);
                }
            });
            if (settings.wholeLog() || !grew[0]) {
                // Nothing was written for a whole interval: what is held back is complete.
                window.flush();
            }
            return;
        }
        if (source == Source.LOG) {
            window.flush(); // what was read is all the old source will give
            tail.close();
            tail = new LogTail();
            filesBegun = 0;
        }
        Reading<String> report = feed.latestReport(connection);
        if (report.value() != null) {
            switchTo(Source.STATUS, "polling " + STATUS_SOURCE + ", which keeps only the latest deadlock");
            warn(noLog);
            parseStatus(report.value());
            return;
        }
        switchTo(Source.COUNT_ONLY, "only counting deadlocks: no source shows their reports");
        warn(noLog);
        warn(report.limitation());
    }

    private Path logFile(Connection connection) throws SQLException {
        if (settings.serverLog() != null) {
            return settings.serverLog();
        }
        if (!settings.logReachable()) {
            noLog = new Limitation("every deadlock (the server log)", "dbrescue runs on another machine than the server",
                    "run dbrescue deadlocks watch on the database server, or name a copy of its log with --server-log FILE");
            return null;
        }
        Reading<Path> log = feed.serverLog(connection);
        noLog = log.limitation();
        return log.value();
    }

    private void parseStatus(String status) throws IOException {
        List<Deadlock> found = new ArrayList<>();
        DeadlockFormats.parse(new StringReader(status), STATUS_SOURCE, new DeadlockSink() {
            @Override
            public void deadlock(Deadlock deadlock) {
                found.add(deadlock);
            }

            @Override
            public void warning(ParseWarning warning) {
                parseWarning(warning);
            }
        });
        found.forEach(this::record);
    }

    /** Writes a deadlock unless it was recorded before. */
    private void record(Deadlock deadlock) {
        AnalyzedDeadlock analyzed = AnalyzedDeadlock.of(deadlock);
        if (!seen.add(analyzed.fingerprint())) {
            return;
        }
        if (connection != null) {
            analyzed = enrichment.apply(connection, analyzed);
        }
        try {
            out.deadlock(analyzed, pollTime == null ? clock.instant() : pollTime);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        emitted++;
    }

    // ---- counting ----

    private Long counter(Connection connection) throws SQLException {
        Reading<Long> count = feed.deadlockCount(connection);
        warn(count.limitation());
        return count.value();
    }

    /** Compares the server's count with what was seen; writes a missed line when it counted more. */
    private long account(Long counter) throws IOException {
        if (counter == null) {
            return 0;
        }
        if (baseline == null || counter < lastCounter) {
            if (baseline != null) {
                say("the server's deadlock counter went down from " + lastCounter + " to " + counter
                        + " (a restart or a statistics reset): counting again from here");
            }
            // Whatever this first look found happened before the counter was read: it is not part of the count.
            baseline = counter;
            lastCounter = counter;
            seenSinceBaseline = 0;
            reportedMissed = 0;
            return 0;
        }
        seenSinceBaseline += emitted;
        lastCounter = counter;
        long missedTotal = (counter - baseline) - (seenSinceBaseline + window.heldCount());
        if (missedTotal <= reportedMissed) {
            return 0;
        }
        long missed = missedTotal - reportedMissed;
        reportedMissed = missedTotal;
        out.missed(missed, lastPoll, pollTime, counter, missedHint());
        say(missed + (missed == 1 ? " deadlock" : " deadlocks") + " between " + lastPoll + " and " + pollTime
                + " could not be seen: " + missedHint());
        return missed;
    }

    private String missedHint() {
        if (source == Source.LOG) {
            return "the server counted more deadlocks than its log reported: was the log rotated away or written elsewhere?"
                    + " (--debug shows what could not be parsed)";
        }
        if (source == Source.STATUS) {
            return STATUS_SOURCE + " keeps only the latest deadlock; to record every one, let watch read the error log: "
                    + (noLog == null ? "SET GLOBAL innodb_print_all_deadlocks = ON" : noLog.reason() + "; " + noLog.remedy());
        }
        return "no report of them could be read" + (noLog == null ? "" : ": " + noLog.reason() + "; " + noLog.remedy());
    }

    // ---- messages ----

    private void switchTo(Source next, String what) {
        if (next != source) {
            source = next;
            messages.accept(what);
        }
    }

    private void warn(Limitation limitation) {
        if (limitation != null) {
            say("cannot see " + limitation.what() + ": " + limitation.reason() + "; to fix: " + limitation.remedy());
        }
    }

    private void parseWarning(ParseWarning warning) {
        if (settings.debug()) {
            messages.accept("could not parse " + warning.source() + ":" + warning.line() + ": " + warning.text());
        }
    }

    /** Says something once: a poll every few seconds must not repeat the same warning. */
    private void say(String message) {
        if (said.add(message)) {
            messages.accept(message);
        }
    }
}
