package dev.dbrescue.testkit.lab;

import dev.dbrescue.core.connect.ServerConnection;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The lab's own session beside the incident: creates and drops the scenario's tables, watches the server's views to
 * know when the incident has reached its steady state, and ends sessions that are stuck in a statement. It never
 * opens a transaction, so it never takes part in the incident.
 */
final class Observer implements AutoCloseable {

    private final ServerConnection connection;
    private final Dialect dialect;

    Observer(ServerConnection connection, Dialect dialect) throws SQLException {
        this.connection = connection;
        this.dialect = dialect;
        connection.connection().setAutoCommit(true);
        for (String setting : dialect.observerSettings()) {
            execute(setting);
        }
    }

    ServerConnection connection() {
        return connection;
    }

    synchronized void execute(String sql) throws SQLException {
        try (Statement s = connection.connection().createStatement()) {
            s.execute(sql);
        }
    }

    /** The first column of the first row, or null. */
    synchronized String queryString(String sql) throws SQLException {
        try (Statement s = connection.connection().createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** The first row as text, or null when there is none. */
    synchronized java.util.List<String> queryRow(String sql) throws SQLException {
        try (Statement s = connection.connection().createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                return null;
            }
            java.util.List<String> row = new java.util.ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.add(rs.getString(i));
            }
            return row;
        }
    }

    synchronized long queryLong(String sql) throws SQLException {
        try (Statement s = connection.connection().createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException("no row from: " + sql);
            }
            return rs.getLong(1);
        }
    }

    /** Which of these sessions wait for a lock right now. */
    Set<Long> waiting(Collection<Long> sessionIds) throws SQLException {
        return among(dialect.waitingSessionsQuery(), sessionIds);
    }

    /** Which of these sessions still exist. */
    Set<Long> alive(Collection<Long> sessionIds) throws SQLException {
        return among(dialect.liveSessionsQuery(), sessionIds);
    }

    private synchronized Set<Long> among(String sql, Collection<Long> sessionIds) throws SQLException {
        Set<Long> found = new LinkedHashSet<>();
        try (Statement s = connection.connection().createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                long id = rs.getLong(1);
                if (sessionIds.contains(id)) {
                    found.add(id);
                }
            }
        }
        return found;
    }

    void terminate(long sessionId) throws SQLException {
        execute(dialect.terminate(sessionId));
    }

    void cancel(long sessionId) throws SQLException {
        execute(dialect.cancel(sessionId));
    }

    @Override
    public void close() {
        connection.close();
    }
}
