package dev.dbrescue.mysql;

import dev.dbrescue.core.model.Engine;
import dev.dbrescue.core.model.Limitation;
import dev.dbrescue.core.model.LockWait;
import dev.dbrescue.core.model.ServerInfo;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * FALLBACK for InnoDB row lock waits that information_schema.INNODB_LOCK_WAITS lists no blocker for (MariaDB 10.11.5
 * omits holders of shared and gap locks; see {@link RowLockBlockerInference} for when and how the blockers are
 * guessed). Every inferred edge is named in a {@link Limitation}, so a guess is never shown as the server's word.
 *
 * <p>Runs only when such a waiter exists, at a cost of at most two statements plus the metadata lock source probe
 * (shared with {@link MetadataLockWaits}, so it runs once per reader): the waiters' requested locks (INNODB_TRX
 * joined to INNODB_LOCKS on trx_requested_lock_id), and, when some other session holds row locks, those sessions'
 * granted table metadata locks with the tables their foreign keys reference (INNODB_SYS_FOREIGN).
 */
final class OrphanRowLockWaits {

    static String requestedLocksSql(Collection<Long> waiters) {
        return "SELECT t.trx_mysql_thread_id AS waiter, l.lock_type, l.lock_mode, l.lock_table, l.lock_index, l.lock_data"
                + " FROM information_schema.INNODB_TRX t"
                + " JOIN information_schema.INNODB_LOCKS l ON l.lock_id = t.trx_requested_lock_id"
                + " WHERE t.trx_state = 'LOCK WAIT' AND t.trx_mysql_thread_id IN (" + ids(waiters) + ")";
    }

    /** Granted table metadata locks of some sessions, from performance_schema (MySQL 5.7+, MariaDB 10.5.2+). */
    static String performanceSchemaSql(Collection<Long> sessions) {
        return "SELECT t.PROCESSLIST_ID AS session_id, m.OBJECT_SCHEMA AS table_schema, m.OBJECT_NAME AS table_name,"
                + " f.REF_NAME AS referenced_table"
                + " FROM performance_schema.metadata_locks m"
                + " JOIN performance_schema.threads t ON t.THREAD_ID = m.OWNER_THREAD_ID"
                + " LEFT JOIN information_schema.INNODB_SYS_FOREIGN f ON f.FOR_NAME = CONCAT(m.OBJECT_SCHEMA, '/', m.OBJECT_NAME)"
                + " WHERE m.OBJECT_TYPE = 'TABLE' AND m.LOCK_STATUS = 'GRANTED' AND t.PROCESSLIST_ID IN (" + ids(sessions) + ")";
    }

    /** The same from MariaDB's METADATA_LOCK_INFO plugin, whose THREAD_ID is the processlist id. */
    static String metadataLockInfoSql(Collection<Long> sessions) {
        return "SELECT m.THREAD_ID AS session_id, m.TABLE_SCHEMA AS table_schema, m.TABLE_NAME AS table_name,"
                + " f.REF_NAME AS referenced_table"
                + " FROM information_schema.METADATA_LOCK_INFO m"
                + " LEFT JOIN information_schema.INNODB_SYS_FOREIGN f ON f.FOR_NAME = CONCAT(m.TABLE_SCHEMA, '/', m.TABLE_NAME)"
                + " WHERE m.LOCK_TYPE = 'Table metadata lock' AND m.THREAD_ID IN (" + ids(sessions) + ")";
    }

    private final ServerInfo server;
    private final MetadataLockWaits metadataLocks;

    OrphanRowLockWaits(ServerInfo server, MetadataLockWaits metadataLocks) {
        this.server = server;
        this.metadataLocks = metadataLocks;
    }

    /** Sessions in LOCK WAIT that {@code listed} has no edge from; never dbrescue's own session. */
    static List<ProcessRow> orphans(Collection<ProcessRow> sessions, WaitEdges listed, long ownSessionId) {
        Set<Long> waiters = listed.waits().stream().map(LockWait::waiterId).collect(Collectors.toSet());
        return sessions.stream()
                .filter(s -> s.rowLockWait() && s.id() != ownSessionId && !waiters.contains(s.id()))
                .toList();
    }

    WaitEdges read(SqlRunner sql, List<ProcessRow> orphans, Collection<ProcessRow> sessions, String account,
                   List<Limitation> limitations) throws SQLException {
        List<Long> orphanIds = orphans.stream().map(ProcessRow::id).toList();
        MetadataLockWaits.Source source = metadataLocks.source(sql, account);
        if (source == MetadataLockWaits.Source.NONE) {
            limitations.add(noSource(orphanIds, metadataLocks.unavailable()));
            return new WaitEdges();
        }
        List<RowLockBlockerInference.Waiter> waiters;
        List<RowLockBlockerInference.TableLock> tableLocks = List.of();
        Set<Long> candidates = RowLockBlockerInference.candidates(List.copyOf(sessions), new LinkedHashSet<>(orphanIds));
        try {
            waiters = requestedLocks(sql, orphans);
            if (!waiters.isEmpty() && !candidates.isEmpty()) {
                tableLocks = tableLocks(sql, source, candidates);
            }
        } catch (SQLException e) {
            if (!fallbackMayFail(e)) {
                throw e;
            }
            String grantee = MySqlNames.accountForGrant(account);
            limitations.add(new Limitation("who blocks session(s) " + ids(orphanIds), listsNoBlocker()
                    + ", and dbrescue's fallback that infers one failed: " + SqlErrors.text(e),
                    (SqlErrors.isPrivilege(e) ? "GRANT PROCESS ON *.* TO " + grantee + " and GRANT SELECT ON performance_schema.* TO "
                            + grantee : "SHOW ENGINE INNODB STATUS shows the lock they wait for") + upgradeAdvice("; or ")));
            return new WaitEdges();
        }
        RowLockBlockerInference.Result result = RowLockBlockerInference.infer(waiters, candidates, tableLocks);
        if (!result.inferred().isEmpty()) {
            limitations.add(inferred(result.inferred()));
        }
        if (!result.unresolved().isEmpty()) {
            limitations.add(new Limitation("who blocks session(s) " + ids(result.unresolved()),
                    listsNoBlocker() + ", and dbrescue found no other transaction holding row locks and a metadata lock"
                            + " on the waited-for table (or on a table whose foreign key references it) to infer as the blocker",
                    "SHOW ENGINE INNODB STATUS shows the lock they wait for" + upgradeAdvice("; ")));
        }
        return result.edges();
    }

    /**
     * Requested locks of the waiters, as the main reader maps them. A waiter missing here left its wait between the
     * two statements (the I_S cache was refreshed): it waits for nothing now and is dropped. Read-only transactions
     * share trx_id 0 and so lock ids, which may give a waiter several rows: all name the same record, the first wins.
     */
    private List<RowLockBlockerInference.Waiter> requestedLocks(SqlRunner sql, List<ProcessRow> orphans) throws SQLException {
        Map<Long, InnodbLockWaitsReader.RawLock> locks = new LinkedHashMap<>();
        List<Requested> rows = sql.query(requestedLocksSql(orphans.stream().map(ProcessRow::id).toList()),
                rs -> new Requested(rs.getLong("waiter"), rawLock(rs)));
        for (Requested row : rows) {
            locks.putIfAbsent(row.waiter(), row.lock());
        }
        List<RowLockBlockerInference.Waiter> waiters = new ArrayList<>();
        for (ProcessRow orphan : orphans) {
            if (locks.containsKey(orphan.id())) {
                waiters.add(new RowLockBlockerInference.Waiter(orphan.id(),
                        InnodbLockWaitsReader.lockRef(locks.get(orphan.id())), orphan.trxWaitSeconds()));
            }
        }
        return waiters;
    }

    private record Requested(long waiter, InnodbLockWaitsReader.RawLock lock) {
    }

    private static InnodbLockWaitsReader.RawLock rawLock(ResultSet rs) throws SQLException {
        return new InnodbLockWaitsReader.RawLock(rs.getString("lock_type"), rs.getString("lock_mode"),
                rs.getString("lock_table"), rs.getString("lock_index"), rs.getString("lock_data"));
    }

    private static List<RowLockBlockerInference.TableLock> tableLocks(SqlRunner sql, MetadataLockWaits.Source source,
                                                                      Set<Long> sessions) throws SQLException {
        String statement = source == MetadataLockWaits.Source.PERFORMANCE_SCHEMA
                ? performanceSchemaSql(sessions) : metadataLockInfoSql(sessions);
        return sql.query(statement, rs -> new RowLockBlockerInference.TableLock(rs.getLong("session_id"),
                rs.getString("table_schema"), rs.getString("table_name"), rs.getString("referenced_table")));
    }

    /**
     * A fallback must not cost the snapshot the waits the server did list: any server-side error becomes a
     * limitation; only a lost connection goes up.
     */
    private static boolean fallbackMayFail(SQLException e) {
        return !(e instanceof SQLNonTransientConnectionException)
                && (e.getSQLState() == null || !e.getSQLState().startsWith("08"));
    }

    private Limitation inferred(List<Long> waiters) {
        boolean mariadb = server.engine() == Engine.MARIADB;
        return new Limitation("the exact lock that blocks session(s) " + ids(waiters) + " (their blockers are inferred)",
                listsNoBlocker() + (mariadb ? " (this MariaDB version omits holders of shared and gap locks there)"
                        : " (as MariaDB 10.11.5 does for holders of shared and gap locks)")
                        + "; dbrescue inferred the blockers from metadata locks and row-lock counts: every other transaction"
                        + " that holds row locks and a metadata lock on the waited-for table (or on a table whose foreign key"
                        + " references it), so an inferred blocker may hold no conflicting lock",
                (mariadb ? "upgrade MariaDB to a later 10.11 release (10.11.19 lists these waits); until then, " : "")
                        + "check an inferred blocker's statement and transaction before killing it");
    }

    private Limitation noSource(List<Long> waiters, Limitation unavailable) {
        String why = unavailable == null ? "no metadata lock source is available" : unavailable.reason();
        String how = unavailable == null ? "INSTALL SONAME 'metadata_lock_info', or start the server with"
                + " performance_schema=ON and performance-schema-instrument='" + MetadataLockWaits.MDL_INSTRUMENT + "=ON'"
                : unavailable.remedy();
        return new Limitation("who blocks session(s) " + ids(waiters),
                listsNoBlocker() + ", and dbrescue infers the blocker from metadata locks, which it cannot see: " + why,
                how + upgradeAdvice("; or "));
    }

    private String listsNoBlocker() {
        String product = server.engine() == Engine.MARIADB ? "MariaDB" : "MySQL";
        return product + " " + server.major() + "." + server.minor() + "." + server.patch()
                + " lists no blocker for these row lock waits in INFORMATION_SCHEMA.INNODB_LOCK_WAITS";
    }

    private String upgradeAdvice(String separator) {
        return server.engine() == Engine.MARIADB
                ? separator + "upgrade MariaDB to a later 10.11 release (10.11.19 lists these waits)" : "";
    }

    private static String ids(Collection<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
