package dev.dbrescue.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;

/**
 * CPU time the server spends on one session, read from Linux: the first field of {@code schedstat}, nanoseconds on a
 * CPU, of the PostgreSQL backend process (pg_backend_pid()) or of the MariaDB thread that serves the connection
 * (performance_schema.threads.THREAD_OS_ID, a task of the mysqld process). The server runs on this machine in the
 * benchmark, so /proc shows it. Also the whole server (every process of it, every thread), to see whether the
 * session's own CPU is all it costs.
 */
final class ServerCpu {

    private final Path sessionStat;
    private final long serverPid;
    private final boolean postgres;

    private ServerCpu(Path sessionStat, long serverPid, boolean postgres) {
        this.sessionStat = sessionStat;
        this.serverPid = serverPid;
        this.postgres = postgres;
    }

    /** For the session of {@code connection}: a PostgreSQL backend, or a MariaDB connection thread. */
    static ServerCpu of(Connection connection, boolean postgres, Path dataDirectory) throws SQLException, IOException {
        if (postgres) {
            long backend = queryLong(connection, "SELECT pg_backend_pid()");
            // postmaster.pid: the postmaster's pid on its first line
            long postmaster = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).strip());
            return new ServerCpu(Path.of("/proc", Long.toString(backend), "schedstat"), postmaster, true);
        }
        long thread = queryLong(connection, "SELECT THREAD_OS_ID FROM performance_schema.threads WHERE PROCESSLIST_ID = CONNECTION_ID()");
        String pidFile;
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT @@pid_file")) {
            rs.next();
            pidFile = rs.getString(1);
        }
        Path pidPath = Path.of(pidFile).isAbsolute() ? Path.of(pidFile) : dataDirectory.resolve(pidFile);
        long mysqld = Long.parseLong(Files.readString(pidPath).strip());
        return new ServerCpu(Path.of("/proc", Long.toString(mysqld), "task", Long.toString(thread), "schedstat"), mysqld, false);
    }

    /** Nanoseconds the session's process or thread has spent on a CPU so far. */
    long sessionNanos() throws IOException {
        return Long.parseLong(Files.readString(sessionStat).strip().split("\\s+")[0]);
    }

    /**
     * Nanoseconds every process of the server has spent on a CPU so far (PostgreSQL: the postmaster and all its
     * children; MariaDB: every thread of mysqld, which /proc/PID/schedstat does not sum, so the tasks are summed).
     */
    long serverNanos() throws IOException {
        if (postgres) {
            long total = schedstat(Path.of("/proc", Long.toString(serverPid), "schedstat"));
            for (ProcessHandle child : (Iterable<ProcessHandle>) ProcessHandle.of(serverPid).orElseThrow().descendants()::iterator) {
                total += schedstat(Path.of("/proc", Long.toString(child.pid()), "schedstat"));
            }
            return total;
        }
        long total = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(serverPid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                total += schedstat(task.resolve("schedstat"));
            }
        }
        return total;
    }

    /** 0 for a process or thread that ended meanwhile. */
    private static long schedstat(Path file) {
        try {
            return Long.parseLong(Files.readString(file).strip().split("\\s+")[0]);
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    private static long queryLong(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
