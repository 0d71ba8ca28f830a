package dev.dbrescue.mysql;

import java.sql.SQLException;
import java.util.Set;

/** Server error numbers that make a snapshot source unavailable rather than the snapshot fail. */
final class SqlErrors {

    /**
     * 1227 ER_SPECIFIC_ACCESS_DENIED_ERROR (needs PROCESS), 1142 ER_TABLEACCESS_DENIED_ERROR (SELECT on a
     * performance_schema table), 1143 ER_COLUMNACCESS_DENIED_ERROR, 1044 ER_DBACCESS_DENIED_ERROR.
     */
    private static final Set<Integer> PRIVILEGE = Set.of(1227, 1142, 1143, 1044);

    /**
     * 1109 ER_UNKNOWN_TABLE (information_schema table not there, e.g. INNODB_LOCKS on MySQL 8), 1146
     * ER_NO_SUCH_TABLE, 1054 ER_BAD_FIELD_ERROR, 1193 ER_UNKNOWN_SYSTEM_VARIABLE, 1286 ER_UNKNOWN_STORAGE_ENGINE.
     */
    private static final Set<Integer> MISSING = Set.of(1109, 1146, 1054, 1193, 1286);

    /** 1969 ER_STATEMENT_TIMEOUT (MariaDB max_statement_time), 3024 ER_QUERY_TIMEOUT (MySQL max_execution_time), 1317 interrupted. */
    private static final Set<Integer> TIMEOUT = Set.of(1969, 3024, 1317);

    private SqlErrors() {
    }

    static boolean isPrivilege(SQLException e) {
        return PRIVILEGE.contains(e.getErrorCode());
    }

    static boolean isMissing(SQLException e) {
        return MISSING.contains(e.getErrorCode());
    }

    static boolean isTimeout(SQLException e) {
        return TIMEOUT.contains(e.getErrorCode());
    }

    /** A source we can do without: report it as a limitation and carry on with the rest of the snapshot. */
    static boolean isDegradable(SQLException e) {
        return isPrivilege(e) || isMissing(e) || isTimeout(e);
    }

    /** The server's message on one line. */
    static String text(SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replace('\n', ' ').replace('\r', ' ').strip();
    }
}
