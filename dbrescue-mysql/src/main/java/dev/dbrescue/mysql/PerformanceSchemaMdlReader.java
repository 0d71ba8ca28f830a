package dev.dbrescue.mysql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Granted and pending metadata locks from performance_schema.metadata_locks (MySQL 5.7+ and MariaDB 10.5.2+ with
 * the wait/lock/metadata/sql/mdl instrument on; on by default in MySQL 8), limited to objects that have a PENDING
 * request, with OWNER_THREAD_ID turned into the processlist id through performance_schema.threads
 * (https://dev.mysql.com/doc/refman/8.0/en/performance-schema-metadata-locks-table.html,
 * https://mariadb.com/kb/en/performance-schema-metadata_locks-table/).
 * GRANTED and PENDING are read; VICTIM, TIMEOUT and KILLED rows are on their way out and ignored.
 */
final class PerformanceSchemaMdlReader {

    /**
     * The derived table is small (one row per object somebody waits for) and materialized once; {@code <=>} because
     * GLOBAL and COMMIT locks have no schema or name.
     */
    static final String SQL = "SELECT t.PROCESSLIST_ID AS session_id, m.OBJECT_TYPE, m.OBJECT_SCHEMA, m.OBJECT_NAME,"
            + " m.LOCK_TYPE, m.LOCK_STATUS"
            + " FROM performance_schema.metadata_locks m"
            + " JOIN (SELECT DISTINCT OBJECT_TYPE, OBJECT_SCHEMA, OBJECT_NAME FROM performance_schema.metadata_locks"
            + "       WHERE LOCK_STATUS = 'PENDING') p"
            + "   ON p.OBJECT_TYPE = m.OBJECT_TYPE AND p.OBJECT_SCHEMA <=> m.OBJECT_SCHEMA AND p.OBJECT_NAME <=> m.OBJECT_NAME"
            + " JOIN performance_schema.threads t ON t.THREAD_ID = m.OWNER_THREAD_ID"
            + " WHERE m.LOCK_STATUS IN ('GRANTED', 'PENDING') AND t.PROCESSLIST_ID IS NOT NULL";

    List<MdlLock> read(SqlRunner sql) throws SQLException {
        return sql.query(SQL, PerformanceSchemaMdlReader::lock);
    }

    static MdlLock lock(ResultSet rs) throws SQLException {
        return MdlLock.of(rs.getLong("session_id"), rs.getString("OBJECT_TYPE"), rs.getString("OBJECT_SCHEMA"),
                rs.getString("OBJECT_NAME"), rs.getString("LOCK_TYPE"), "GRANTED".equalsIgnoreCase(rs.getString("LOCK_STATUS")));
    }
}
