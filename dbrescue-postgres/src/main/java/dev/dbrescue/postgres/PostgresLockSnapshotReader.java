package dev.dbrescue.postgres;

import dev.dbrescue.core.model.Limitation;
import dev.dbrescue.core.model.ServerInfo;
import dev.dbrescue.core.model.Session;
import dev.dbrescue.core.model.Snapshot;
import dev.dbrescue.core.spi.LockSnapshotReader;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One lock snapshot of a PostgreSQL 10+ server in at most two statements:
 * <ol>
 *   <li>pg_stat_activity, with pg_blocking_pids() called only for sessions that wait for a heavyweight lock;</li>
 *   <li>only when someone waits: the pg_locks rows of the waiters and their blockers.</li>
 * </ol>
 * Both pg_blocking_pids() and pg_locks take the lock manager's partition locks for a moment; the manual warns that
 * frequent calls "could have some impact on database performance"
 * (https://www.postgresql.org/docs/current/functions-info.html). So neither runs while nobody waits, and
 * pg_blocking_pids() runs once per waiter, never per session. All durations are computed by the server.
 * <p>
 * A role that is neither superuser nor member of pg_read_all_stats sees other users' sessions without state,
 * query, times or client address ({@code <insufficient privilege>},
 * https://www.postgresql.org/docs/current/monitoring-stats.html#MONITORING-PG-STAT-ACTIVITY-VIEW). pg_locks and
 * pg_blocking_pids() are not filtered, so waits are still found (through the session's ungranted pg_locks row) and
 * what is hidden becomes a {@link Limitation}.
 */
public final class PostgresLockSnapshotReader implements LockSnapshotReader {

    private static final String HIDDEN_QUERY = "<insufficient privilege>";

    /**
     * Sessions. The CASE makes pg_blocking_pids() run only for waiting sessions; the pg_locks scan inside it runs only
     * for sessions whose wait_event_type we may not see (and at most once: PostgreSQL hashes the sub-select).
     */
    private static final String ACTIVITY_SQL = """
            SELECT me.own_pid, me.me, now() AS captured_at,
            """ + Columns.SESSION + """
                   ,
                   CASE WHEN a.pid = me.own_pid THEN NULL
                        WHEN a.wait_event_type = 'Lock'
                          OR (a.state IS NULL AND a.query = '<insufficient privilege>' AND a.datid IS NOT NULL
                              AND a.pid IN (SELECT w.pid FROM pg_locks w WHERE NOT w.granted))
                        THEN pg_blocking_pids(a.pid) END AS blocked_by
            FROM (SELECT pg_backend_pid() AS own_pid, quote_ident(current_user) AS me) me
            LEFT JOIN pg_stat_activity a ON true
            LEFT JOIN pg_roles r ON r.oid = a.usesysid
            ORDER BY a.backend_start NULLS LAST, a.pid
            """;

    /** The columns {@link #activity} reads, from pg_stat_activity {@code a} joined to pg_roles {@code r}. */
    static final class Columns {
        static final String SESSION = """
                   a.pid, a.datid, a.usename, a.datname, a.application_name, a.backend_type,
                   host(a.client_addr) AS client_host, a.client_port, a.state, a.query,
                   (a.state IS NULL AND a.query = '<insufficient privilege>') AS hidden,
                   a.xact_start IS NOT NULL AS in_transaction,
                   extract(epoch FROM now() - a.xact_start) AS transaction_seconds,
                   CASE WHEN a.state LIKE 'idle%' THEN extract(epoch FROM now() - a.state_change)
                        WHEN a.state IS NOT NULL THEN 0 END AS idle_seconds,
                   CASE WHEN a.state = 'active' THEN extract(epoch FROM now() - a.query_start) END AS query_seconds,
                   extract(epoch FROM now() - a.state_change) AS state_seconds,
                   a.backend_xid::text AS transaction_id,
                   coalesce(r.rolsuper, false) AS superuser
                """;

        private Columns() {
        }
    }

    /**
     * Locks of the sessions involved. pg_class is per database: only relations of this database and shared catalogs
     * (database 0) can be named from here. %s is the wait start, from pg_locks.waitstart on PostgreSQL 14+.
     */
    private static final String LOCKS_SQL = """
            WITH here AS (SELECT oid FROM pg_database WHERE datname = current_database())
            SELECT coalesce(l.pid, 0) AS pid, l.locktype, l.database, d.datname AS database_name,
                   (l.database = 0 OR l.database = (SELECT oid FROM here)) AS names_resolvable,
                   l.relation, n.nspname, c.relname, c.relkind::text AS relkind, l.page, l.tuple,
                   l.virtualxid, l.transactionid::text AS transactionid, l.classid, l.objid, l.objsubid,
                   CASE WHEN l.locktype = 'object' THEN l.classid::regclass::text END AS object_class,
                   l.mode, l.granted, %s AS wait_seconds
            FROM pg_locks l
            LEFT JOIN pg_database d ON d.oid = l.database
            LEFT JOIN pg_class c ON c.oid = l.relation AND (l.database = 0 OR l.database = (SELECT oid FROM here))
            LEFT JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE l.pid = ANY (?) OR (? AND l.pid IS NULL)
            """;

    private final ServerInfo server;

    public PostgresLockSnapshotReader(ServerInfo server) {
        this.server = server;
    }

    /** One row of pg_stat_activity and what we need of it besides the session. */
    record Activity(Session session, String backendType, Long datid, boolean hidden, List<Long> blockedBy,
                            Double stateSeconds) {
        boolean clientBackend() {
            return "client backend".equals(backendType) || (hidden && datid != null);
        }
    }

    @Override
    public Snapshot read(Connection connection) throws SQLException {
        int queries = 0;
        long ownPid = 0;
        String me = null;
        Instant capturedAt = Instant.now();
        List<Activity> activities = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(ACTIVITY_SQL)) {
            queries++;
            while (rs.next()) {
                ownPid = rs.getLong("own_pid");
                me = rs.getString("me");
                OffsetDateTime now = rs.getObject("captured_at", OffsetDateTime.class);
                if (now != null) {
                    capturedAt = now.toInstant();
                }
                if (rs.getObject("pid") != null) {
                    activities.add(activity(rs));
                }
            }
        }

        long self = ownPid;
        Map<Long, List<Long>> blockersByWaiter = new LinkedHashMap<>();
        Map<Long, Double> stateSeconds = new HashMap<>();
        for (Activity a : activities) {
            long pid = a.session().id();
            if (a.blockedBy() == null || pid == ownPid) {
                continue;
            }
            List<Long> blockers = a.blockedBy().stream().distinct().filter(b -> b != self && b != pid).toList();
            if (!blockers.isEmpty()) {
                blockersByWaiter.put(pid, blockers);
                stateSeconds.put(pid, a.stateSeconds());
            }
        }

        Map<Long, List<PgLock>> locks = Map.of();
        if (!blockersByWaiter.isEmpty()) {
            Set<Long> involved = new LinkedHashSet<>(blockersByWaiter.keySet());
            blockersByWaiter.values().forEach(involved::addAll);
            locks = readLocks(connection, involved);
            queries++;
        }
        LockWaitClassifier.Result classified = LockWaitClassifier.classify(blockersByWaiter, locks, stateSeconds);

        Set<Long> inWaits = new LinkedHashSet<>();
        classified.waits().forEach(w -> {
            inWaits.add(w.waiterId());
            inWaits.add(w.blockerId());
        });
        List<Session> sessions = new ArrayList<>();
        int hidden = 0;
        for (Activity a : activities) {
            long pid = a.session().id();
            if (pid != ownPid && (a.clientBackend() || inWaits.contains(pid))) {
                sessions.add(a.session());
                if (a.hidden()) {
                    hidden++;
                }
            }
        }
        if (inWaits.contains(0L)) {
            sessions.add(preparedTransaction());
        }
        return new Snapshot(server, capturedAt, ownPid, sessions, classified.waits(), classified.heldLocks(),
                limitations(me, hidden, locks), queries);
    }

    static Activity activity(ResultSet rs) throws SQLException {
        long pid = rs.getLong("pid");
        boolean hidden = rs.getBoolean("hidden");
        String backendType = rs.getString("backend_type");
        boolean client = "client backend".equals(backendType) || hidden;
        String state = rs.getString("state");
        List<Long> blockedBy = longs(rs.getArray("blocked_by"));
        String host = rs.getString("client_host");
        Integer clientPort = (Integer) rs.getObject("client_port");
        if (host == null && clientPort != null && clientPort == -1) {
            host = "local"; // pg_stat_activity: client_port -1 means a Unix-domain socket
        }
        String application = rs.getString("application_name");
        if ((application == null || application.isEmpty()) && !client && backendType != null) {
            application = backendType; // autovacuum worker, walsender...: say what the process is
        }
        Session session = new Session(
                pid,
                rs.getString("usename"),
                host,
                rs.getString("datname"),
                application,
                state,
                // A hidden session that waits for a lock is running a statement, though we cannot see which.
                "active".equals(state) || (hidden && blockedBy != null),
                rs.getBoolean("in_transaction"),
                hidden ? null : rs.getString("query"),
                number(rs, "transaction_seconds"),
                number(rs, "idle_seconds"),
                number(rs, "query_seconds"),
                rs.getString("transaction_id"),
                null, null, null,
                rs.getBoolean("superuser"),
                // Background processes (autovacuum, replication) are the server's own: first aid leaves them be.
                !client);
        return new Activity(session, backendType, rs.getObject("datid", Long.class), hidden, blockedBy,
                number(rs, "state_seconds"));
    }

    private Map<Long, List<PgLock>> readLocks(Connection connection, Set<Long> pids) throws SQLException {
        String waitSeconds = server.atLeast(14, 0)
                ? "CASE WHEN NOT l.granted THEN extract(epoch FROM now() - l.waitstart) END"
                : "NULL::float8";
        Map<Long, List<PgLock>> byPid = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(String.format(LOCKS_SQL, waitSeconds))) {
            Array pidArray = connection.createArrayOf("int4", pids.stream().filter(p -> p != 0).map(Long::intValue).toArray());
            statement.setArray(1, pidArray);
            statement.setBoolean(2, pids.contains(0L));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    PgLock lock = new PgLock(
                            rs.getLong("pid"),
                            rs.getString("locktype"),
                            rs.getObject("database", Long.class),
                            rs.getString("database_name"),
                            rs.getBoolean("names_resolvable"),
                            rs.getObject("relation", Long.class),
                            rs.getString("nspname"),
                            rs.getString("relname"),
                            rs.getString("relkind"),
                            rs.getObject("page", Integer.class),
                            rs.getObject("tuple", Integer.class),
                            rs.getString("virtualxid"),
                            rs.getString("transactionid"),
                            rs.getObject("classid", Long.class),
                            rs.getObject("objid", Long.class),
                            rs.getObject("objsubid", Integer.class),
                            rs.getString("object_class"),
                            rs.getString("mode"),
                            rs.getBoolean("granted"),
                            number(rs, "wait_seconds"));
                    byPid.computeIfAbsent(lock.pid(), k -> new ArrayList<>()).add(lock);
                }
            }
            pidArray.free();
        }
        return byPid;
    }

    private static List<Limitation> limitations(String me, int hidden, Map<Long, List<PgLock>> locks) {
        List<Limitation> limitations = new ArrayList<>();
        if (hidden > 0) {
            limitations.add(new Limitation(
                    "state, query, times and client of " + hidden + " session" + (hidden == 1 ? "" : "s") + " of other users",
                    "pg_stat_activity shows <insufficient privilege> to a role that is neither superuser nor member of pg_read_all_stats",
                    "GRANT pg_read_all_stats TO " + me + " (or GRANT pg_monitor TO " + me + ")"));
        }
        Set<String> otherDatabases = new TreeSet<>();
        locks.values().forEach(list -> list.forEach(l -> {
            if (l.relation() != null && !l.namesResolvable() && l.databaseName() != null) {
                otherDatabases.add(l.databaseName());
            }
        }));
        for (String database : otherDatabases) {
            limitations.add(new Limitation("table names of locks in database " + database,
                    "pg_class can only be read in the database one is connected to",
                    "run dbrescue against database " + database + " to name those tables"));
        }
        return limitations;
    }

    /**
     * pg_blocking_pids() reports a prepared transaction (PREPARE TRANSACTION) that holds a conflicting lock as 0: it
     * has no session. It can only be ended with COMMIT PREPARED or ROLLBACK PREPARED (see pg_prepared_xacts), never
     * by terminating a backend, so it is marked as one that first aid must not touch.
     */
    private static Session preparedTransaction() {
        return new Session(0, null, null, null, null, "prepared transaction", false, true, null,
                null, null, null, null, null, null, null, false, true);
    }

    private static List<Long> longs(Array array) throws SQLException {
        if (array == null) {
            return null;
        }
        Object[] values = (Object[]) array.getArray();
        List<Long> out = new ArrayList<>(values.length);
        for (Object v : values) {
            out.add(((Number) v).longValue());
        }
        array.free();
        return out;
    }

    private static Double number(ResultSet rs, String column) throws SQLException {
        Object v = rs.getObject(column);
        return v == null ? null : ((Number) v).doubleValue();
    }
}
