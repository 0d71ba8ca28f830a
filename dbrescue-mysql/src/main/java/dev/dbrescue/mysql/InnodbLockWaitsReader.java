package dev.dbrescue.mysql;

import dev.dbrescue.core.model.LockRef;
import dev.dbrescue.core.model.LockWait;
import dev.dbrescue.core.model.Snapshot.HeldLock;
import dev.dbrescue.core.model.WaitKind;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * InnoDB row and table lock waits of MySQL 5.7 and MariaDB, from information_schema.INNODB_LOCK_WAITS joined to
 * INNODB_LOCKS (the requested and the blocking lock) and INNODB_TRX (both transactions' threads) in one statement.
 * The three tables are filled from one InnoDB cache (trx_i_s_cache, refreshed at most every 0.1 s), so the join
 * is a consistent picture, shared with the INNODB_TRX read of the session list a moment earlier. The cache is only
 * refreshed after 0.1 s without any reader (trx0i_s.cc, CACHE_MIN_IDLE_TIME_US): a client polling faster than that
 * freezes it for everyone, so snapshots must stay well apart
 * (https://mariadb.com/kb/en/information-schema-innodb_lock_waits-table/,
 * https://dev.mysql.com/doc/refman/5.7/en/innodb-information-schema-understanding-innodb-locking.html).
 * INNODB_LOCKS lists only locks that take part in a wait, so this stays cheap however many locks are held.
 */
final class InnodbLockWaitsReader {

    /** One wait as the server listed it. */
    record Row(long waiterId, long blockerId, Double waitSeconds, RawLock requested, RawLock blocking,
               boolean blockingLockIsWaiting) {
    }

    /** INNODB_LOCKS columns: lock_table is {@code `db`.`t`}, lock_mode e.g. {@code X}, {@code S,GAP}, {@code IX}. */
    record RawLock(String type, String mode, String table, String index, String data) {
    }

    /**
     * MariaDB shows trx_id 0 for every read-only transaction (one that locked rows with LOCK IN SHARE MODE but wrote
     * nothing included), so joining on the transaction id alone would make every open read-only transaction a
     * blocker. The waiter is therefore found by its requested lock, which is unique; a blocker with id 0 must at
     * least hold row locks. Two read-only lockers of the same table remain indistinguishable: the server gives no
     * thread for a lock.
     */
    static final String SQL = "SELECT r.trx_mysql_thread_id AS waiter, b.trx_mysql_thread_id AS blocker,"
            + " TIMESTAMPDIFF(SECOND, r.trx_wait_started, " + ProcesslistReader.SYSTEM_NOW + ") AS wait_seconds,"
            + " rl.lock_type AS req_type, rl.lock_mode AS req_mode, rl.lock_table AS req_table,"
            + " rl.lock_index AS req_index, rl.lock_data AS req_data,"
            + " bl.lock_type AS blk_type, bl.lock_mode AS blk_mode, bl.lock_table AS blk_table,"
            + " bl.lock_index AS blk_index, bl.lock_data AS blk_data,"
            + " CASE WHEN b.trx_requested_lock_id = w.blocking_lock_id THEN 1 ELSE 0 END AS blk_waiting"
            + " FROM information_schema.INNODB_LOCK_WAITS w"
            + " JOIN information_schema.INNODB_TRX r ON r.trx_requested_lock_id = w.requested_lock_id"
            + " JOIN information_schema.INNODB_TRX b ON b.trx_id = w.blocking_trx_id"
            + " AND b.trx_mysql_thread_id <> r.trx_mysql_thread_id AND (b.trx_id <> 0 OR b.trx_rows_locked > 0)"
            + " LEFT JOIN information_schema.INNODB_LOCKS rl ON rl.lock_id = w.requested_lock_id"
            + " LEFT JOIN information_schema.INNODB_LOCKS bl ON bl.lock_id = w.blocking_lock_id";

    WaitEdges read(SqlRunner sql) throws SQLException {
        List<Row> rows = sql.query(SQL, InnodbLockWaitsReader::row);
        WaitEdges edges = new WaitEdges();
        for (Row row : rows) {
            add(edges, row);
        }
        return edges;
    }

    /**
     * Maps one row. Every row is a HARD wait: INNODB_LOCK_WAITS names as "blocking" each conflicting lock ahead in
     * the record's queue, including requests that are themselves still waiting, and InnoDB grants a record's locks
     * in queue order (lock_rec_has_to_wait / lock_rec_other_has_conflicting check every lock ahead, granted or not),
     * so the waiter cannot proceed before that earlier request is granted and released. Only granted blocking locks
     * count as held.
     */
    static void add(WaitEdges edges, Row row) {
        LockRef requested = lockRef(row.requested());
        LockRef blocking = lockRef(row.blocking());
        edges.addWait(new LockWait(row.waiterId(), row.blockerId(), WaitKind.HARD, requested, blocking, row.waitSeconds()));
        if (!row.blockingLockIsWaiting() && blocking != null && row.waiterId() != row.blockerId()) {
            edges.addHeld(new HeldLock(row.blockerId(), blocking));
        }
    }

    static LockRef lockRef(RawLock lock) {
        if (lock == null || lock.type() == null) {
            return null; // the lock left INNODB_LOCKS between the cache's snapshot of waits and of locks
        }
        MySqlNames.QualifiedName table = MySqlNames.splitTable(lock.table());
        return new LockRef(lock.type(), lock.mode(),
                table == null ? null : table.schema(), table == null ? null : table.name(),
                MySqlNames.unquote(lock.index()), lock.data());
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getLong("waiter"), rs.getLong("blocker"), SqlRunner.getDouble(rs, "wait_seconds"),
                new RawLock(rs.getString("req_type"), rs.getString("req_mode"), rs.getString("req_table"),
                        rs.getString("req_index"), rs.getString("req_data")),
                new RawLock(rs.getString("blk_type"), rs.getString("blk_mode"), rs.getString("blk_table"),
                        rs.getString("blk_index"), rs.getString("blk_data")),
                rs.getInt("blk_waiting") == 1);
    }
}
