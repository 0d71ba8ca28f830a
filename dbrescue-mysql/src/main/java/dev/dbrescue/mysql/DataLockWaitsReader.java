package dev.dbrescue.mysql;

import dev.dbrescue.core.model.LockRef;
import dev.dbrescue.core.model.LockWait;
import dev.dbrescue.core.model.Snapshot.HeldLock;
import dev.dbrescue.core.model.WaitKind;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * InnoDB row and table lock waits of MySQL 8.0+, where INNODB_LOCKS and INNODB_LOCK_WAITS are gone: from
 * performance_schema.data_lock_waits joined to data_locks for both sides and to threads to turn THREAD_ID into the
 * processlist id (https://dev.mysql.com/doc/refman/8.0/en/performance-schema-data-lock-waits-table.html,
 * https://dev.mysql.com/doc/refman/8.0/en/performance-schema-data-locks-table.html).
 *
 * <p>Cost: data_lock_waits lists only blocked requests, and each data_locks row is joined by its primary key
 * (ENGINE_LOCK_ID, ENGINE), so the statement asks only for the locks involved in a wait, never for every lock the
 * server holds (the design's "waits first, then only the locks involved"). data_lock_waits has no wait start: the
 * waiter's INNODB_TRX.trx_wait_started, read with the sessions, gives the wait time.
 */
final class DataLockWaitsReader {

    /** One wait as the server listed it; OBJECT_SCHEMA and OBJECT_NAME come separately, no quoting to undo. */
    record Row(Long waiterId, Long blockerId,
               String requestedType, String requestedMode, String requestedSchema, String requestedTable,
               String requestedIndex, String requestedData,
               String blockingType, String blockingMode, String blockingSchema, String blockingTable,
               String blockingIndex, String blockingData, String blockingStatus) {
    }

    /** The statement, reading from {@code schema} (performance_schema; tests point it at stand-in tables). */
    static String sql(String schema) {
        String p = schema + ".";
        return "SELECT rt.PROCESSLIST_ID AS waiter, bt.PROCESSLIST_ID AS blocker,"
                + " rl.LOCK_TYPE AS req_type, rl.LOCK_MODE AS req_mode, rl.OBJECT_SCHEMA AS req_schema,"
                + " rl.OBJECT_NAME AS req_table, rl.INDEX_NAME AS req_index, rl.LOCK_DATA AS req_data,"
                + " bl.LOCK_TYPE AS blk_type, bl.LOCK_MODE AS blk_mode, bl.OBJECT_SCHEMA AS blk_schema,"
                + " bl.OBJECT_NAME AS blk_table, bl.INDEX_NAME AS blk_index, bl.LOCK_DATA AS blk_data,"
                + " bl.LOCK_STATUS AS blk_status"
                + " FROM " + p + "data_lock_waits w"
                + " LEFT JOIN " + p + "data_locks rl"
                + "   ON rl.ENGINE_LOCK_ID = w.REQUESTING_ENGINE_LOCK_ID AND rl.ENGINE = w.ENGINE"
                + " LEFT JOIN " + p + "data_locks bl"
                + "   ON bl.ENGINE_LOCK_ID = w.BLOCKING_ENGINE_LOCK_ID AND bl.ENGINE = w.ENGINE"
                + " LEFT JOIN " + p + "threads rt ON rt.THREAD_ID = w.REQUESTING_THREAD_ID"
                + " LEFT JOIN " + p + "threads bt ON bt.THREAD_ID = w.BLOCKING_THREAD_ID";
    }

    private final String sql;

    DataLockWaitsReader() {
        this("performance_schema");
    }

    DataLockWaitsReader(String schema) {
        this.sql = sql(schema);
    }

    WaitEdges read(SqlRunner runner, Map<Long, ProcessRow> sessions) throws SQLException {
        List<Row> rows = runner.query(sql, DataLockWaitsReader::row);
        WaitEdges edges = new WaitEdges();
        for (Row row : rows) {
            ProcessRow waiter = row.waiterId() == null ? null : sessions.get(row.waiterId());
            add(edges, row, waiter == null ? null : waiter.trxWaitSeconds());
        }
        return edges;
    }

    /**
     * Maps one row. As with INNODB_LOCK_WAITS, a blocking lock may itself be WAITING (a conflicting request earlier
     * in the record's queue); InnoDB grants in queue order, so that is a HARD wait too. Only GRANTED locks are held.
     * Rows whose threads have no processlist id (background threads) are skipped.
     */
    static void add(WaitEdges edges, Row row, Double waitSeconds) {
        if (row.waiterId() == null || row.blockerId() == null) {
            return;
        }
        LockRef requested = row.requestedType() == null ? null : new LockRef(row.requestedType(), row.requestedMode(),
                row.requestedSchema(), row.requestedTable(), row.requestedIndex(), row.requestedData());
        LockRef blocking = row.blockingType() == null ? null : new LockRef(row.blockingType(), row.blockingMode(),
                row.blockingSchema(), row.blockingTable(), row.blockingIndex(), row.blockingData());
        edges.addWait(new LockWait(row.waiterId(), row.blockerId(), WaitKind.HARD, requested, blocking, waitSeconds));
        if (blocking != null && "GRANTED".equalsIgnoreCase(row.blockingStatus()) && !row.waiterId().equals(row.blockerId())) {
            edges.addHeld(new HeldLock(row.blockerId(), blocking));
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(SqlRunner.getLong(rs, "waiter"), SqlRunner.getLong(rs, "blocker"),
                rs.getString("req_type"), rs.getString("req_mode"), rs.getString("req_schema"), rs.getString("req_table"),
                rs.getString("req_index"), rs.getString("req_data"),
                rs.getString("blk_type"), rs.getString("blk_mode"), rs.getString("blk_schema"), rs.getString("blk_table"),
                rs.getString("blk_index"), rs.getString("blk_data"), rs.getString("blk_status"));
    }
}
