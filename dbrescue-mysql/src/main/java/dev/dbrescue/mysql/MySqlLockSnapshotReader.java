package dev.dbrescue.mysql;

import dev.dbrescue.core.model.Engine;
import dev.dbrescue.core.model.Limitation;
import dev.dbrescue.core.model.LockWait;
import dev.dbrescue.core.model.ServerInfo;
import dev.dbrescue.core.model.Session;
import dev.dbrescue.core.model.Snapshot;
import dev.dbrescue.core.spi.LockSnapshotReader;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One lock snapshot of MySQL 5.7 / 8.x or MariaDB, in as few statements as the picture needs:
 * <ol>
 *   <li>always: sessions with their InnoDB transactions ({@link ProcesslistReader}), which also tell whether anyone
 *       waits at all;</li>
 *   <li>only if a transaction is in LOCK WAIT: the row lock waits with both locks
 *       ({@link DataLockWaitsReader} on MySQL 8, {@link InnodbLockWaitsReader} on 5.7 and MariaDB);</li>
 *   <li>only if a thread waits for a metadata lock: the metadata locks of the objects waited for
 *       ({@link MetadataLockWaits}; its probe adds one or two statements the first time);</li>
 *   <li>only if a transaction is in LOCK WAIT but INNODB_LOCK_WAITS listed no blocker for it (MariaDB 10.11.5 omits
 *       holders of shared and gap locks): the labelled fallback {@link OrphanRowLockWaits}, which infers the blockers
 *       from metadata locks and row-lock counts in at most 2 statements, plus the metadata lock source probe if it
 *       has not run yet.</li>
 * </ol>
 * So a quiet server costs 1 statement, row lock waits 2, metadata lock waits 2 (3 or 4 while the source probe runs,
 * on the first such snapshot), both kinds 3; row lock waits with no listed blocker at most 4 (6 while the probe runs);
 * the fallbacks for a missing privilege or feature add at most 2 more.
 * Held locks are those the blocking side of a HARD wait holds, taken from the same rows: no statement is spent on
 * locks nobody waits for. A missing privilege or feature becomes a {@link Limitation}, never an error.
 * Not thread-safe: one reader per watch loop.
 */
public final class MySqlLockSnapshotReader implements LockSnapshotReader {

    private final ServerInfo server;
    private final ProcesslistReader processlist;
    private final MetadataLockWaits metadataLocks;
    private final OrphanRowLockWaits orphanRowLockWaits;

    public MySqlLockSnapshotReader(ServerInfo server) {
        this.server = server;
        this.processlist = new ProcesslistReader(server);
        this.metadataLocks = new MetadataLockWaits(server);
        this.orphanRowLockWaits = new OrphanRowLockWaits(server, metadataLocks);
    }

    /** MySQL 8.0 replaced INNODB_LOCKS / INNODB_LOCK_WAITS with performance_schema.data_locks / data_lock_waits. */
    boolean usesDataLocks() {
        return server.engine() == Engine.MYSQL && server.major() >= 8;
    }

    @Override
    public Snapshot read(Connection connection) throws SQLException {
        Instant capturedAt = Instant.now();
        SqlRunner sql = new SqlRunner(connection);
        List<Limitation> limitations = new ArrayList<>();

        ProcesslistReader.Result processes = processlist.read(sql, limitations);
        List<ProcessRow> rows = processes.rows();
        Map<Long, ProcessRow> byId = new LinkedHashMap<>();
        rows.forEach(r -> byId.putIfAbsent(r.id(), r));

        WaitEdges edges = new WaitEdges();
        boolean rowLockWaits = rows.stream().anyMatch(ProcessRow::rowLockWait);
        // Without INNODB_TRX we cannot tell whether anyone waits; MySQL 8's data_lock_waits may still be readable.
        if (rowLockWaits || (!processes.transactionsVisible() && usesDataLocks())) {
            WaitEdges listed = rowLockWaits(sql, byId, processes, limitations);
            if (listed != null) {
                edges.addAll(listed);
                edges.addAll(orphanRowLockWaits(sql, byId, processes, listed, limitations));
            }
        }
        if (rows.stream().anyMatch(r -> r.id() != processes.ownSessionId() && r.metadataLockWait())) {
            edges.addAll(metadataLocks.read(sql, rows, processes.currentUser(), limitations));
        }
        List<Long> tableLevelWaiters = rows.stream().filter(ProcessRow::tableLevelLockWait).map(ProcessRow::id).toList();
        if (!tableLevelWaiters.isEmpty()) {
            limitations.add(new Limitation("who holds the table-level lock that session(s) "
                    + tableLevelWaiters.stream().map(String::valueOf).collect(Collectors.joining(", ")) + " wait for",
                    "table-level (thr_lock) locks of MyISAM, Aria and MEMORY tables are not listed by the server",
                    "look for a long statement or LOCK TABLES on the same table among the busy sessions; convert the table to InnoDB"));
        }

        long own = processes.ownSessionId();
        List<LockWait> waits = new ArrayList<>();
        Set<Long> involved = new HashSet<>();
        for (LockWait wait : edges.waits()) {
            // A wait whose sessions were not in the session list (connected after it was read) waits for the next sample.
            if (byId.containsKey(wait.waiterId()) && byId.containsKey(wait.blockerId())
                    && wait.waiterId() != own && wait.blockerId() != own) {
                waits.add(wait);
                involved.add(wait.waiterId());
                involved.add(wait.blockerId());
            }
        }
        List<Session> sessions = new ArrayList<>();
        for (ProcessRow row : byId.values()) {
            if (row.id() == own) {
                continue;
            }
            if (row.systemThread() && !row.inTransaction() && !involved.contains(row.id())) {
                continue; // the server's own threads matter only when they hold or wait for something
            }
            sessions.add(row.toSession());
        }
        List<Snapshot.HeldLock> held = edges.held().stream().filter(h -> involved.contains(h.sessionId())).toList();
        return new Snapshot(server, capturedAt, own, sessions, waits, held, limitations, sql.count());
    }

    /**
     * The fallback for waiters INNODB_LOCK_WAITS gave no blocker for. Not on MySQL 8: data_lock_waits is read live,
     * not from a cache shared with INNODB_TRX, so a waiter missing there has usually just been granted its lock.
     */
    private WaitEdges orphanRowLockWaits(SqlRunner sql, Map<Long, ProcessRow> byId, ProcesslistReader.Result processes,
                                         WaitEdges listed, List<Limitation> limitations) throws SQLException {
        if (usesDataLocks()) {
            return new WaitEdges();
        }
        List<ProcessRow> orphans = OrphanRowLockWaits.orphans(byId.values(), listed, processes.ownSessionId());
        if (orphans.isEmpty()) {
            return new WaitEdges();
        }
        return orphanRowLockWaits.read(sql, orphans, byId.values(), processes.currentUser(), limitations);
    }

    /** The row lock waits the server lists; null when it refused to list them (the limitation says why). */
    private WaitEdges rowLockWaits(SqlRunner sql, Map<Long, ProcessRow> byId, ProcesslistReader.Result processes,
                                   List<Limitation> limitations) throws SQLException {
        try {
            return usesDataLocks() ? new DataLockWaitsReader().read(sql, byId) : new InnodbLockWaitsReader().read(sql);
        } catch (SQLException e) {
            if (!SqlErrors.isDegradable(e)) {
                throw e;
            }
            String remedy = usesDataLocks()
                    ? "GRANT SELECT ON performance_schema.* TO " + MySqlNames.accountForGrant(processes.currentUser())
                    : "GRANT PROCESS ON *.* TO " + MySqlNames.accountForGrant(processes.currentUser());
            limitations.add(new Limitation("InnoDB row lock waits (who blocks whom)", SqlErrors.text(e), remedy));
            return null;
        }
    }
}
