package dev.dbrescue.mysql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Runs the statements of one snapshot and counts them, for the overhead report ({@code Snapshot.queryCount}). */
final class SqlRunner {

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private final Connection connection;
    private int count;

    SqlRunner(Connection connection) {
        this.connection = connection;
    }

    /** Runs a fixed statement (no user values in it: values are numbers we built or constants). */
    <T> List<T> query(String sql, RowMapper<T> mapper) throws SQLException {
        count++;
        List<T> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(mapper.map(rs));
            }
        }
        return rows;
    }

    int count() {
        return count;
    }

    static Long getLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    static Double getDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
