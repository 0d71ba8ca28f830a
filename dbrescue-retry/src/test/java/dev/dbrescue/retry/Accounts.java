package dev.dbrescue.retry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** A table of two accounts with a balance of 100 each, with a name of its own so that tests never share rows. */
final class Accounts {

    private final String table;

    private Accounts(String table) {
        this.table = table;
    }

    static Accounts create(Connection connection) throws SQLException {
        Accounts accounts = new Accounts("retry_accounts_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1));
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + accounts.table + " (id INT NOT NULL PRIMARY KEY, balance INT NOT NULL)");
            statement.execute("INSERT INTO " + accounts.table + " (id, balance) VALUES (1, 100), (2, 100)");
        }
        return accounts;
    }

    String table() {
        return table;
    }

    /** Adds {@code amount} to the balance of account {@code id}: takes the row's exclusive lock. */
    void add(Connection connection, int id, int amount) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE " + table + " SET balance = balance + ? WHERE id = ?")) {
            update.setInt(1, amount);
            update.setInt(2, id);
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("account " + id + " is missing from " + table);
            }
        }
    }

    /** Sets the balance of account {@code id}. */
    void set(Connection connection, int id, int balance) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + table + " SET balance = ? WHERE id = ?")) {
            update.setInt(1, balance);
            update.setInt(2, id);
            update.executeUpdate();
        }
    }

    /** Locks account {@code id} for update, as a holder that keeps others waiting. */
    void lock(Connection connection, int id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT balance FROM " + table + " WHERE id = ? FOR UPDATE")) {
            select.setInt(1, id);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    throw new IllegalStateException("account " + id + " is missing from " + table);
                }
            }
        }
    }

    void insert(Connection connection, int id, int balance) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (id, balance) VALUES (?, ?)")) {
            insert.setInt(1, id);
            insert.setInt(2, balance);
            insert.executeUpdate();
        }
    }

    int sum(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COALESCE(SUM(balance), 0) FROM " + table)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** Every account's committed balance, by id, read on a connection in autocommit mode. */
    Map<Integer, Integer> balances(Connection connection) throws SQLException {
        Map<Integer, Integer> balances = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id, balance FROM " + table + " ORDER BY id")) {
            while (rows.next()) {
                balances.put(rows.getInt(1), rows.getInt(2));
            }
        }
        return balances;
    }

    void drop(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + table);
        }
    }
}
