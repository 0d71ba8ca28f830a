package dev.dbrescue.mysql;

import dev.dbrescue.core.model.Engine;
import dev.dbrescue.core.model.Limitation;
import dev.dbrescue.core.model.ServerInfo;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Sessions and their InnoDB transactions in one statement: information_schema.PROCESSLIST left-joined to INNODB_TRX
 * on trx_mysql_thread_id, plus CONNECTION_ID() and CURRENT_USER() so that no other statement is needed to know who
 * we are. Without the PROCESS privilege INNODB_TRX is refused (error 1227): then the processlist alone is read (it
 * shows only the account's own sessions) and a limitation says which GRANT lifts it.
 */
final class ProcesslistReader {

    /**
     * InnoDB stores trx_started and trx_wait_started with localtime_r(), i.e. in the server's SYSTEM time zone
     * (storage/innobase/handler/i_s.cc, field_store_time_t), while NOW() is in the session time zone: convert so
     * that ages come out right whatever time_zone the session has. Both sides come from the server clock.
     */
    static final String SYSTEM_NOW = "CONVERT_TZ(NOW(), @@session.time_zone, 'SYSTEM')";

    /** What one read produced. */
    record Result(List<ProcessRow> rows, long ownSessionId, String currentUser, boolean transactionsVisible) {
    }

    private final String timeExpression;

    ProcesslistReader(ServerInfo server) {
        // MariaDB has TIME_MS (milliseconds, with a fraction); MySQL only whole seconds.
        this.timeExpression = server.engine() == Engine.MARIADB ? "p.TIME_MS / 1000" : "p.TIME";
    }

    String withTransactionsSql() {
        return "SELECT p.ID, p.USER, p.HOST, p.DB, p.COMMAND, " + timeExpression + " AS TIME_SECONDS, p.STATE, p.INFO,"
                + " t.trx_id, t.trx_state,"
                + " TIMESTAMPDIFF(SECOND, t.trx_started, " + SYSTEM_NOW + ") AS trx_seconds,"
                + " TIMESTAMPDIFF(SECOND, t.trx_wait_started, " + SYSTEM_NOW + ") AS trx_wait_seconds,"
                + " t.trx_rows_locked, t.trx_rows_modified, t.trx_tables_locked,"
                + " CONNECTION_ID() AS own_id, CURRENT_USER() AS current_account"
                + " FROM information_schema.PROCESSLIST p"
                + " LEFT JOIN information_schema.INNODB_TRX t ON t.trx_mysql_thread_id = p.ID";
    }

    String processlistOnlySql() {
        return "SELECT p.ID, p.USER, p.HOST, p.DB, p.COMMAND, " + timeExpression + " AS TIME_SECONDS, p.STATE, p.INFO,"
                + " NULL AS trx_id, NULL AS trx_state, NULL AS trx_seconds, NULL AS trx_wait_seconds,"
                + " NULL AS trx_rows_locked, NULL AS trx_rows_modified, NULL AS trx_tables_locked,"
                + " CONNECTION_ID() AS own_id, CURRENT_USER() AS current_account"
                + " FROM information_schema.PROCESSLIST p";
    }

    Result read(SqlRunner sql, List<Limitation> limitations) throws SQLException {
        long[] own = {-1};
        String[] account = {null};
        SqlRunner.RowMapper<ProcessRow> mapper = rs -> {
            own[0] = rs.getLong("own_id");
            account[0] = rs.getString("current_account");
            return row(rs);
        };
        try {
            List<ProcessRow> rows = sql.query(withTransactionsSql(), mapper);
            return new Result(rows, own[0], account[0], true);
        } catch (SQLException e) {
            if (!SqlErrors.isDegradable(e)) {
                throw e;
            }
            List<ProcessRow> rows = sql.query(processlistOnlySql(), mapper);
            if (SqlErrors.isPrivilege(e)) {
                limitations.add(new Limitation("other users' sessions and all InnoDB transactions and row locks",
                        SqlErrors.text(e), "GRANT PROCESS ON *.* TO " + MySqlNames.accountForGrant(account[0])));
            } else if (SqlErrors.isTimeout(e)) {
                limitations.add(new Limitation("InnoDB transactions and row locks", SqlErrors.text(e),
                        "the server is too busy to list its transactions within dbrescue's statement time limit; try again"));
            } else {
                limitations.add(new Limitation("InnoDB transactions and row locks", SqlErrors.text(e),
                        "none: this server has no information_schema.INNODB_TRX (InnoDB disabled?)"));
            }
            return new Result(rows, own[0], account[0], false);
        }
    }

    /**
     * One session by id, for the re-check right before a kill; empty when it has ended. With {@code transactions}, as
     * {@link #read} shows it (falling back to the processlist alone in the same way); without, the processlist alone,
     * which the server fills afresh at every read, unlike INNODB_TRX (see {@link MySqlSessionKiller}).
     */
    java.util.Optional<ProcessRow> readOne(SqlRunner sql, long id, boolean transactions) throws SQLException {
        String where = " WHERE p.ID = " + id;
        if (transactions) {
            try {
                return sql.query(withTransactionsSql() + where, ProcesslistReader::row).stream().findFirst();
            } catch (SQLException e) {
                if (!SqlErrors.isDegradable(e)) {
                    throw e;
                }
            }
        }
        return sql.query(processlistOnlySql() + where, ProcesslistReader::row).stream().findFirst();
    }

    private static ProcessRow row(ResultSet rs) throws SQLException {
        return new ProcessRow(rs.getLong("ID"), rs.getString("USER"), rs.getString("HOST"), rs.getString("DB"),
                rs.getString("COMMAND"), SqlRunner.getDouble(rs, "TIME_SECONDS"), rs.getString("STATE"), rs.getString("INFO"),
                rs.getString("trx_id"), rs.getString("trx_state"),
                SqlRunner.getDouble(rs, "trx_seconds"), SqlRunner.getDouble(rs, "trx_wait_seconds"),
                SqlRunner.getLong(rs, "trx_rows_locked"), SqlRunner.getLong(rs, "trx_rows_modified"),
                SqlRunner.getLong(rs, "trx_tables_locked"));
    }
}
