package dev.dbrescue.app.binlog;

import dev.dbrescue.binlog.live.LiveBinlogs;
import dev.dbrescue.core.target.ClientEnvironment;
import dev.dbrescue.core.target.Target;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.io.PrintWriter;

/**
 * {@code --target URL [--start-file NAME]}: a live server's binlog instead of files, for {@code binlog summary} and
 * {@code flashback} (a picocli mixin): the options, their checks, and the copy the offline code then reads.
 */
final class LiveSource {

    @Option(names = "--target", paramLabel = "URL",
            description = "Instead of files: read the binlog of this MySQL/MariaDB server through the replication"
                    + " protocol, up to where it stands now (needs REPLICATION SLAVE, and BINLOG MONITOR or"
                    + " REPLICATION CLIENT).")
    String target;

    @Option(names = "--start-file", paramLabel = "NAME",
            description = "With --target: the binlog file to start from; the current one by default.")
    String startFile;

    /** Work on the copies of a live server's binlog. */
    interface Work<T> {
        T on(LiveBinlogs live) throws Exception;
    }

    /**
     * Refuses files and {@code --target} together, neither, or {@code --start-file} alone.
     *
     * @param files how the command calls its files in a message: "binlog FILEs", "--binlog FILE..."
     */
    void check(CommandSpec spec, boolean haveFiles, String files) {
        if (haveFiles == (target != null)) {
            throw new ParameterException(spec.commandLine(), haveFiles ? "give " + files + " or --target URL, not both"
                    : "give " + files + ", or --target URL to read a live server's binlog");
        }
        if (startFile != null && target == null) {
            throw new ParameterException(spec.commandLine(), "--start-file goes with --target");
        }
        if (target != null && target.regionMatches(true, 0, "jdbc:", 0, 5)) {
            // The replication protocol needs a host and port, which a JDBC URL may hide in driver options.
            throw new ParameterException(spec.commandLine(), "--target takes mysql://user@host:port, not a jdbc: URL");
        }
    }

    boolean isLive() {
        return target != null;
    }

    /** {@code --host=db1 --port=3306 --user=root} for the server's own client tools (never a password). */
    String clientOptions() {
        Target t = Target.parse(target);
        return "--host=" + t.host() + (t.port() == null ? "" : " --port=" + t.port())
                + (t.user() == null ? "" : " --user=" + t.user());
    }

    /** Copies the server's binlog (notices on {@code err}), runs {@code work} on the copies, then deletes them. */
    <T> T read(PrintWriter err, Work<T> work) throws Exception {
        try (LiveBinlogs live = LiveBinlogs.read(Target.parse(target), ClientEnvironment.current(), startFile,
                line -> {
                    err.println("dbrescue: " + line);
                    err.flush();
                })) {
            return live.localizing(() -> work.on(live));
        }
    }
}
