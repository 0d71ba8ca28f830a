package dev.dbrescue.core.deadlock.postgres;

import dev.dbrescue.core.deadlock.DeadlockParser;
import dev.dbrescue.core.deadlock.DeadlockSink;

import java.io.IOException;
import java.io.Reader;

/**
 * Finds deadlocks and log_lock_waits lock waits in PostgreSQL server logs: stderr with any log_line_prefix (also
 * syslog files and Heroku logplex drains), csvlog and jsonlog, the format told from the first lines unless given.
 * <p>
 * Each {@code ERROR:  deadlock detected} becomes a {@link dev.dbrescue.core.deadlock.Deadlock} (engine POSTGRESQL,
 * one transaction per process of the cycle, the erroring process as victim); the {@code still waiting for},
 * {@code acquired}, {@code detected deadlock while waiting for}, {@code avoided deadlock} lines of each process,
 * and the error that may end its statement, become one {@link dev.dbrescue.core.deadlock.LoggedLockWait}, delivered
 * when it ends or, still open, at the end of the input.
 * <p>
 * Streaming: only the messages being put together and the open waits (at most 100,000, one per waiting process;
 * beyond that the oldest are delivered as still waiting, with a warning) are kept. Messages must be in English (lc_messages); other languages are
 * not recognised.
 */
public final class PostgresLogParser implements DeadlockParser {

    /** How much of the input {@link #recognizes} and the format detection look at. */
    public static final int HEAD_CHARS = 64 * 1024;

    private final PostgresLogFormat format;
    private final int maxOpenWaits;

    /** A parser that tells the format from the input. */
    public PostgresLogParser() {
        this(null, LockWaits.DEFAULT_MAX_OPEN);
    }

    /** @param format the log's format, or null to tell it from the input */
    public PostgresLogParser(PostgresLogFormat format) {
        this(format, LockWaits.DEFAULT_MAX_OPEN);
    }

    PostgresLogParser(PostgresLogFormat format, int maxOpenWaits) {
        this.format = format;
        this.maxOpenWaits = maxOpenWaits;
    }

    /**
     * Whether {@code head} (the first {@value #HEAD_CHARS} characters or so) looks like a PostgreSQL server log:
     * a jsonlog object, a csvlog record, or a line with a PostgreSQL severity label ({@code LOG:  },
     * {@code ERROR:  }, ... followed by two spaces).
     */
    public static boolean recognizes(String head) {
        if (head == null) {
            return false;
        }
        for (String line : head.split("\n")) {
            if (PostgresLogFormat.JSON_RECORD.matcher(line).find()
                    || PostgresLogFormat.CSV_RECORD.matcher(line).lookingAt()
                    || PostgresLogFormat.STDERR_LABEL.matcher(line).find()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void parse(Reader input, String source, DeadlockSink sink) throws IOException {
        LogInput log = new LogInput(input);
        PostgresLogFormat chosen = format != null ? format : PostgresLogFormat.detect(log.head(HEAD_CHARS));
        LogInterpreter interpreter = new LogInterpreter(source, sink, maxOpenWaits);
        switch (chosen) {
            case CSVLOG -> new CsvLogReader(source, interpreter).read(log);
            case JSONLOG -> new JsonLogReader(source, interpreter).read(log);
            default -> new StderrLogReader(source, interpreter).read(log);
        }
        interpreter.finish();
    }
}
