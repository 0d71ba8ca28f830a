package dev.dbrescue.binlog.live;

import dev.dbrescue.binlog.flashback.FlashbackPlan;
import dev.dbrescue.binlog.flashback.SelectedTransaction;
import dev.dbrescue.binlog.summary.RecoveryPlan;
import dev.dbrescue.binlog.tx.Transaction;
import dev.dbrescue.binlog.tx.TransactionListener;
import dev.dbrescue.core.connect.Connector;
import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;
import dev.dbrescue.core.target.ClientEnvironment;
import dev.dbrescue.core.target.Target;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A live server's binlog, copied through the replication protocol into files of the same names in a private
 * temporary directory, for the offline readers ({@code TransactionScanner}, {@code FlashbackPlanner}) to read as they
 * read any binlog. Reads from the start file's position 4 up to where SHOW MASTER STATUS stood when reading began.
 * {@link #close()} deletes the copy (also at JVM exit, e.g. after Ctrl-C). What is shown to the user names the
 * server's files ({@code binlog.000041}), never the temporary copies.
 */
public final class LiveBinlogs implements AutoCloseable {

    private final Path directory;
    private final List<Path> files;
    private final String prefix;
    private final Thread cleanup;

    private LiveBinlogs(Path directory, List<Path> files, Thread cleanup) {
        this.directory = directory;
        this.files = files;
        this.prefix = directory.toString() + File.separator;
        this.cleanup = cleanup;
    }

    /** As {@link #read(ServerConnection, String, Consumer)}, over a session of its own, closed once copied. */
    public static LiveBinlogs read(Target target, ClientEnvironment environment, String startFile,
                                   Consumer<String> notice) {
        try (ServerConnection server = new Connector(environment).open(target)) {
            return read(server, startFile, notice);
        }
    }

    /**
     * Copies the server's binlog from {@code startFile} (null: its current file) to its current position.
     *
     * @param notice receives one line for the user when the start file was not given (which file is read)
     */
    public static LiveBinlogs read(ServerConnection server, String startFile, Consumer<String> notice) {
        ServerBinlogs.Range range = ServerBinlogs.range(server, startFile);
        if (range.fromCurrent()) {
            notice.accept("reading " + describe(range) + " from " + server.target() + " (--start-file NAME for"
                    + " earlier ones)");
        }
        Path directory = createDirectory();
        Thread cleanup = new Thread(() -> delete(directory), "dbrescue-binlog-copy-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            checkRoom(directory, range);
            List<Path> files;
            try (SpillFiles spill = new SpillFiles(directory, range.names(), range.endPosition())) {
                long connection = 0;
                try {
                    connection = ReplicationStream.copy(server, range, spill);
                } finally {
                    endDumpThread(server, connection);
                }
                files = spill.files();
            }
            return new LiveBinlogs(directory, files, cleanup);
        } catch (RuntimeException e) {
            delete(directory);
            removeHook(cleanup);
            throw e;
        }
    }

    /** The copies, in the server's order, for the offline readers. */
    public List<Path> files() {
        return files;
    }

    /** The server's name of a copy given by its path ({@code binlog.000041}); other text is returned as it is. */
    public String serverName(String path) {
        return path == null ? null : path.replace(prefix, "");
    }

    /** The same error, naming the server's files instead of the copies. */
    public DbRescueException localized(DbRescueException e) {
        String message = e.getMessage();
        if (message == null || !message.contains(prefix)) {
            return e;
        }
        return new DbRescueException(e.code(), serverName(message), e);
    }

    /** Runs {@code work} (which reads the copies) with errors naming the server's files. */
    public <T> T localizing(Callable<T> work) throws Exception {
        try {
            return work.call();
        } catch (DbRescueException e) {
            throw localized(e);
        }
    }

    /** {@code listener}, told the server's file names instead of the copies' paths. */
    public TransactionListener withServerNames(TransactionListener listener) {
        return new ServerNamedListener(listener, this::serverName);
    }

    /** The plan as it names files to the user (comments, recovery commands), with the server's file names. */
    public FlashbackPlan withServerNames(FlashbackPlan plan) {
        List<String> warnings = plan.warnings().stream().map(this::serverName).toList();
        RecoveryPlan recovery = null;
        if (plan.recovery() != null) {
            List<String> names = plan.files().stream().map(p -> serverName(p.toString())).toList();
            recovery = RecoveryPlan.of(named(plan.recovery().accident()), plan.mariaDb(), names);
        }
        // The paths stay those of the copies: the second pass reads the events back from them.
        return plan.named(this::named, warnings, recovery);
    }

    private Transaction named(Transaction tx) {
        return ServerNamedListener.named(tx, this::serverName);
    }

    @Override
    public void close() {
        delete(directory);
        removeHook(cleanup);
    }

    /** Owner-only: the copy holds the server's data. */
    private static Path createDirectory() {
        try {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                return Files.createTempDirectory("dbrescue-binlog-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            return Files.createTempDirectory("dbrescue-binlog-");
        } catch (IOException e) {
            throw new DbRescueException(ErrorCode.ACTION_FAILED, "cannot create a temporary directory for the copy of"
                    + " the binlog: " + e.getMessage() + " (set another with DBRESCUE_JAVA_OPTS=-Djava.io.tmpdir=DIR)",
                    e);
        }
    }

    /** Refuses at once what would fill the disk half way through. */
    private static void checkRoom(Path directory, ServerBinlogs.Range range) {
        long free;
        try {
            FileStore store = Files.getFileStore(directory);
            free = store.getUsableSpace();
        } catch (IOException e) {
            return; // unknown: the writes will tell
        }
        long needed = range.bytes();
        if (free < needed) {
            throw new DbRescueException(ErrorCode.ACTION_FAILED, "the copy of " + range.startFile() + " to "
                    + range.endFile() + " needs " + mb(needed) + " in " + directory.getParent() + ", which has "
                    + mb(free) + " free: point the JVM's temporary directory at a roomier disk"
                    + " (DBRESCUE_JAVA_OPTS=-Djava.io.tmpdir=DIR), or give a later --start-file");
        }
    }

    private static String describe(ServerBinlogs.Range range) {
        return range.files().size() == 1 ? range.startFile() + " (the current file)"
                : range.startFile() + " and " + range.files().get(range.files().size() - 1).name()
                + " (the file before the current one, where a large transaction that rotated the log ends up, and"
                + " the current one)";
    }

    private static String mb(long bytes) {
        return (bytes + (1 << 20) - 1 >> 20) + " MB";
    }

    /**
     * The server's dump thread would wait for new events after we leave, until the next write: it is ours (the
     * connection id the replication handshake gave), so end it now. Anyone may end their own connections.
     */
    private static void endDumpThread(ServerConnection server, long connectionId) {
        if (connectionId <= 0) {
            return;
        }
        // Only if that id is our own dump thread on this server: behind a load balancer the replication connection
        // may have reached another server, where the id is somebody else's session.
        String ours = "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = " + connectionId
                + " AND COMMAND LIKE 'Binlog Dump%' AND USER = SUBSTRING_INDEX(CURRENT_USER(), '@', 1)";
        try (Statement statement = server.connection().createStatement();
             java.sql.ResultSet r = statement.executeQuery(ours)) {
            if (r.next() && r.getLong(1) == 1) {
                statement.execute("KILL CONNECTION " + connectionId);
            }
        } catch (SQLException e) {
            // Already gone (it noticed we left), or not allowed: it ends at the server's next write anyway.
        }
    }

    /**
     * Deletes the copy. Run by the Ctrl-C hook while the copying thread may still create a file: walked again until
     * the directory is gone (a few tries), instead of giving up on "directory not empty".
     */
    private static void delete(Path directory) {
        for (int attempt = 0; attempt < 20 && Files.exists(directory); attempt++) {
            try (Stream<Path> walk = Files.walk(directory)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook runs.
        }
    }
}
