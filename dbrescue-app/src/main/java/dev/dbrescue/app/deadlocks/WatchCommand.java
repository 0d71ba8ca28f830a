package dev.dbrescue.app.deadlocks;

import dev.dbrescue.app.StopSignal;
import dev.dbrescue.core.connect.Connector;
import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;
import dev.dbrescue.core.target.ClientEnvironment;
import dev.dbrescue.core.target.Secrets;
import dev.dbrescue.core.target.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * {@code dbrescue deadlocks watch TARGET}: a lossless deadlock logger. Every deadlock once, as a JSON line; what the
 * server counted but no source showed, as a {@code missed} line. Progress and warnings go to standard error.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Record every deadlock of a live server once, as JSON lines. Tails the server log when it can be",
                "read here (MySQL/MariaDB: the error log with innodb_print_all_deadlocks=ON; PostgreSQL: the server log),",
                "otherwise polls SHOW ENGINE INNODB STATUS; the server's deadlock counter tells how many were missed.",
                "Runs until Ctrl-C. Exit code: 0, or 2 and up for errors."})
final class WatchCommand implements Callable<Integer> {

    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    /** How long Ctrl-C waits for the current poll to end and its lines to be written. */
    static final Duration STOP_GRACE = Duration.ofSeconds(10);

    @Spec
    CommandSpec spec;

    @Option(names = "--debug", description = "Show stack traces of errors, and log text that could not be parsed.")
    boolean debug;

    @Parameters(index = "0", paramLabel = "TARGET",
            description = "mysql://, mariadb://, postgresql:// or postgres:// user[:password]@host[:port][/db], or a jdbc: URL.")
    String target;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "5s", converter = dev.dbrescue.app.DurationConverter.class,
            description = "How often to look (default 5s, at least 1s).")
    Duration interval;

    @Option(names = "--output", paramLabel = "FILE",
            description = "Append the JSON lines to FILE (created if missing) instead of standard output; deadlocks already recorded in it are not written again.")
    Path output;

    @Option(names = "--once", description = "Look once and exit (tests, cron): the whole server log, or the latest InnoDB status.")
    boolean once;

    @Option(names = "--server-log", paramLabel = "FILE",
            description = "Read FILE as the server's log instead of asking the server where it is (e.g. PostgreSQL without logging_collector: /var/log/postgresql/postgresql-15-main.log).")
    Path serverLog;

    /** The deadlocks recorded so far; tests share one between runs. */
    RecentFingerprints seen = new RecentFingerprints();

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws Exception {
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw new ParameterException(spec.commandLine(), "--interval must be at least 1s: polling faster only loads the server");
        }
        if (serverLog != null && !(Files.isRegularFile(serverLog) && Files.isReadable(serverLog))) {
            throw new DbRescueException(ErrorCode.BAD_INPUT, "Cannot read --server-log " + serverLog
                    + ": it is not a readable file here.");
        }
        Target parsed = Target.parse(target);
        Connector connector = new Connector(ClientEnvironment.current());
        PrintWriter err = spec.commandLine().getErr();
        Consumer<String> messages = message -> {
            err.println("dbrescue watch: " + message);
            err.flush();
        };
        ServerConnection connection = connector.open(parsed);
        try (Writer writer = output == null ? unclosable(spec.commandLine().getOut()) : append(output)) {
            if (output != null) {
                JsonLines.recall(output, seen);
            }
            JsonLines lines = new JsonLines(writer, output == null ? "standard output" : output.toString());
            DeadlockWatch.Settings settings = new DeadlockWatch.Settings(ServerHost.isThisMachine(parsed), serverLog, once, debug);
            StatementRecall recall = new StatementRecall(connection.family().statementHistory(connection.server()), parsed,
                    messages);
            try (DeadlockWatch watch = new DeadlockWatch(connection.family().deadlockFeed(connection.server()), lines, seen,
                    messages, settings, clock, recall::recall)) {
                messages.accept("watching " + connection.server() + " at " + parsed
                        + (once ? ", once" : " every " + seconds(interval)) + (output == null ? "" : ", appending to " + output));
                if (once) {
                    once(watch, connection, parsed);
                    return 0;
                }
                connection = loop(watch, connection, connector, parsed, messages);
                return 0;
            }
        } finally {
            if (connection != null) {
                connection.close();
            }
        }
    }

    private static void once(DeadlockWatch watch, ServerConnection connection, Target target) {
        try {
            watch.poll(connection.connection());
            watch.finish();
        } catch (SQLException e) {
            throw lost(target, e);
        } catch (IOException e) {
            throw new DbRescueException(ErrorCode.BAD_INPUT, "Cannot read the server log: " + e.getMessage(), e);
        }
    }

    /**
     * Polls until Ctrl-C (a shutdown hook stops the loop and waits for the last lines to be written) or until the
     * thread is interrupted. A lost session is opened again at the next poll: a logger must outlive a server restart.
     * Returns the session open at the end, or null.
     */
    private ServerConnection loop(DeadlockWatch watch, ServerConnection first, Connector connector, Target target,
                                  Consumer<String> messages) throws IOException {
        ServerConnection connection = first;
        String lastFailure = null;
        try (StopSignal stop = new StopSignal("dbrescue-watch-stop", STOP_GRACE)) {
            while (!stop.stopping()) {
                if (connection == null) {
                    try {
                        connection = connector.open(target);
                        watch.reconnected();
                        messages.accept("connected again to " + target);
                        lastFailure = null;
                    } catch (DbRescueException e) {
                        if (!e.getMessage().equals(lastFailure)) {
                            messages.accept("still cannot connect: " + e.getMessage());
                            lastFailure = e.getMessage();
                        }
                    }
                }
                if (connection != null) {
                    try {
                        watch.poll(connection.connection());
                    } catch (SQLException e) {
                        messages.accept("lost the session to " + target + " (" + Secrets.scrub(oneLine(e), target.password())
                                + "); connecting again every " + seconds(interval));
                        connection.close();
                        connection = null;
                    } catch (IOException e) {
                        messages.accept("cannot read the server log: " + e.getMessage() + "; trying again every " + seconds(interval));
                    }
                }
                if (stop.await(interval)) {
                    break;
                }
            }
            watch.finish();
            messages.accept("stopped");
            return connection;
        }
    }

    /** Standard output stays open for whoever runs us (tests run many commands in one JVM). */
    private static Writer unclosable(Writer out) {
        return new FilterWriter(out) {
            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    private static Writer append(Path file) {
        try {
            return Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new DbRescueException(ErrorCode.USAGE, "Cannot append to --output " + file + ": " + e.getMessage(), e);
        }
    }

    private static DbRescueException lost(Target target, SQLException e) {
        return new DbRescueException(ErrorCode.CONNECTION, "Reading deadlocks from " + target + " failed: "
                + Secrets.scrub(oneLine(e), target.password()), e);
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replace('\n', ' ').replace('\r', ' ').strip();
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
    }
}
