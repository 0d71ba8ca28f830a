package dev.dbrescue.mysql;

import java.sql.SQLException;
import java.util.List;

/**
 * Granted table metadata locks from MariaDB's information_schema.METADATA_LOCK_INFO (plugin metadata_lock_info,
 * shipped with the server, enabled with {@code INSTALL SONAME 'metadata_lock_info'};
 * https://mariadb.com/kb/en/metadata_lock_info-plugin/). THREAD_ID is the processlist id; LOCK_MODE reads
 * {@code MDL_SHARED_READ}. The plugin lists granted tickets only: pending requests are inferred by
 * {@link MdlWaitInference}.
 */
final class MetadataLockInfoReader {

    static final String SQL = "SELECT THREAD_ID, LOCK_MODE, TABLE_SCHEMA, TABLE_NAME"
            + " FROM information_schema.METADATA_LOCK_INFO WHERE LOCK_TYPE = 'Table metadata lock'";

    List<MdlLock> read(SqlRunner sql) throws SQLException {
        return sql.query(SQL, rs -> MdlLock.of(rs.getLong("THREAD_ID"), "TABLE", rs.getString("TABLE_SCHEMA"),
                rs.getString("TABLE_NAME"), rs.getString("LOCK_MODE"), true));
    }
}
