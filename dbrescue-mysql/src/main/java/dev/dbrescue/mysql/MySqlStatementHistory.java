package dev.dbrescue.mysql;

import dev.dbrescue.core.deadlock.Deadlock;
import dev.dbrescue.core.deadlock.DeadlockTransaction;
import dev.dbrescue.core.deadlock.EarlierStatements;
import dev.dbrescue.core.model.Limitation;
import dev.dbrescue.core.spi.StatementHistory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Earlier statements of deadlocked transactions from performance_schema: each thread's current statement, its
 * history (the last 10 per thread by default; on by default in MySQL 8) and the global long history when it is on.
 * The thread is found by its processlist id, as InnoDB prints it; a thread that has ended took its history with it.
 * Which statements belong to the transaction is {@link TransactionStatements}'s call. Read-only: the server's
 * settings are reported, never changed.
 */
final class MySqlStatementHistory implements StatementHistory {

    static final String WHAT = "earlier statements of deadlocked transactions";

    private static final String CONSUMERS = "SELECT NAME, ENABLED FROM performance_schema.setup_consumers";
    private static final String TRANSACTION_INSTRUMENT =
            "SELECT ENABLED FROM performance_schema.setup_instruments WHERE NAME = 'transaction'";
    private static final String THREAD =
            "SELECT THREAD_ID, INSTRUMENTED FROM performance_schema.threads WHERE PROCESSLIST_ID = ?";
    private static final String COLUMNS = "SELECT EVENT_ID, END_EVENT_ID, SQL_TEXT, MYSQL_ERRNO, NESTING_EVENT_ID,"
            + " NESTING_EVENT_TYPE, TIMER_START, TIMER_END FROM performance_schema.";

    /** What this server offers, read once per run. */
    record Setup(Limitation unavailable, List<String> tables, boolean transactionsInstrumented) {
    }

    private Setup setup;

    @Override
    public Recollection recall(Connection connection, Deadlock deadlock) throws SQLException {
        Setup offered = setup(connection);
        if (offered.unavailable() != null) {
            return new Recollection(deadlock, List.of(offered.unavailable()));
        }
        List<Limitation> limitations = new ArrayList<>();
        List<List<HistoricStatement>> histories = new ArrayList<>();
        for (DeadlockTransaction t : deadlock.transactions()) {
            histories.add(history(connection, offered, t, limitations));
        }
        Long detectedAt = null;
        for (int i = 0; i < histories.size(); i++) {
            DeadlockTransaction t = deadlock.transactions().get(i);
            if (t.victim() && histories.get(i) != null) {
                detectedAt = TransactionStatements.detectedAt(histories.get(i), t.query());
            }
        }
        List<DeadlockTransaction> out = new ArrayList<>();
        boolean changed = false;
        for (int i = 0; i < histories.size(); i++) {
            DeadlockTransaction t = deadlock.transactions().get(i);
            List<HistoricStatement> history = histories.get(i);
            EarlierStatements earlier = history == null ? null : earlier(history, t, offered, detectedAt, limitations);
            out.add(earlier == null ? t : t.withEarlier(earlier));
            changed |= earlier != null;
        }
        return new Recollection(changed ? deadlock.withTransactions(out) : deadlock, limitations);
    }

    private static EarlierStatements earlier(List<HistoricStatement> history, DeadlockTransaction t, Setup offered,
                                             Long detectedAt, List<Limitation> limitations) {
        int anchor = TransactionStatements.anchor(history, t.query(), t.victim(), detectedAt);
        if (anchor < 0) {
            limitations.add(new Limitation(WHAT, t.query() == null
                    ? "the report shows no statement for thread " + t.threadId() + " to look for in its history"
                    : "thread " + t.threadId() + " has run other statements since: its deadlocked statement is no longer"
                    + " in performance_schema's history",
                    "look sooner (dbrescue deadlocks watch --target fills them in as each deadlock happens), or keep"
                            + " more history: performance_schema_events_statements_history_size"));
            return null;
        }
        Long reference = detectedAt != null ? detectedAt : history.get(anchor).timerStart();
        Long notBefore = reference == null || t.activeSeconds() == null ? null
                : reference - (long) ((t.activeSeconds() + 1) * TransactionStatements.PICOS_PER_SECOND);
        return TransactionStatements.earlier(history, anchor, offered.transactionsInstrumented(), notBefore);
    }

    /** The thread's statements, oldest first; null (with a limitation) when they cannot be had. */
    private static List<HistoricStatement> history(Connection connection, Setup offered, DeadlockTransaction t,
                                                   List<Limitation> limitations) throws SQLException {
        if (t.threadId() == null) {
            return null;
        }
        Long threadId = null;
        try (PreparedStatement s = connection.prepareStatement(THREAD)) {
            s.setLong(1, t.threadId());
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    threadId = rs.getLong(1);
                    if ("NO".equalsIgnoreCase(rs.getString(2))) {
                        limitations.add(new Limitation(WHAT, "thread " + t.threadId() + " is not instrumented",
                                "enable its user in performance_schema.setup_actors"));
                        return null;
                    }
                }
            }
        }
        if (threadId == null) {
            limitations.add(new Limitation(WHAT, "thread " + t.threadId() + " has ended, and its statement history with it",
                    "look sooner: dbrescue deadlocks watch --target fills them in as each deadlock happens"));
            return null;
        }
        // The same event can be in several tables (history and history_long): keep one, in event order.
        Map<Long, HistoricStatement> byEvent = new TreeMap<>();
        for (String table : offered.tables()) {
            try (PreparedStatement s = connection.prepareStatement(COLUMNS + table + " WHERE THREAD_ID = ?")) {
                s.setLong(1, threadId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        HistoricStatement h = new HistoricStatement(rs.getLong(1), longOrNull(rs, 2), rs.getString(3),
                                rs.getInt(4), longOrNull(rs, 5), rs.getString(6), longOrNull(rs, 7), longOrNull(rs, 8));
                        byEvent.put(h.eventId(), h);
                    }
                }
            }
        }
        return new ArrayList<>(byEvent.values());
    }

    private Setup setup(Connection connection) throws SQLException {
        if (setup == null) {
            try {
                setup = readSetup(connection);
            } catch (SQLException e) {
                if (!SqlErrors.isDegradable(e)) {
                    throw e;
                }
                setup = new Setup(new Limitation(WHAT, SqlErrors.text(e), SqlErrors.isPrivilege(e)
                        ? "GRANT SELECT ON performance_schema.* TO "
                        + MySqlNames.accountForGrant(MySqlDeadlockFeed.currentUser(connection))
                        : "none on this server version"), List.of(), false);
            }
        }
        return setup;
    }

    private static Setup readSetup(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT @@performance_schema")) {
            if (rs.next() && !rs.getBoolean(1)) {
                return new Setup(new Limitation(WHAT, "performance_schema is OFF on this server",
                        "set performance_schema=ON in the server's configuration and restart it (it cannot be switched"
                                + " on while the server runs)"), List.of(), false);
            }
        }
        Map<String, Boolean> consumers = new HashMap<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(CONSUMERS)) {
            while (rs.next()) {
                consumers.put(rs.getString(1), "YES".equalsIgnoreCase(rs.getString(2)));
            }
        }
        // Consumers form a hierarchy: a table is filled only when every level above it is on.
        boolean threads = on(consumers, "global_instrumentation") && on(consumers, "thread_instrumentation");
        boolean current = threads && on(consumers, "events_statements_current");
        List<String> tables = new ArrayList<>();
        for (String table : List.of("events_statements_history", "events_statements_history_long")) {
            if (current && on(consumers, table)) {
                tables.add(table);
            }
        }
        if (tables.isEmpty()) {
            return new Setup(new Limitation(WHAT, "performance_schema keeps no statement history on this server",
                    "UPDATE performance_schema.setup_consumers SET ENABLED = 'YES' WHERE NAME IN ('global_instrumentation',"
                            + " 'thread_instrumentation', 'events_statements_current', 'events_statements_history')"),
                    List.of(), false);
        }
        tables.add("events_statements_current");
        boolean transactions = threads && on(consumers, "events_transactions_current") && transactionInstrument(connection);
        return new Setup(null, tables, transactions);
    }

    private static boolean transactionInstrument(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(TRANSACTION_INSTRUMENT)) {
            return rs.next() && "YES".equalsIgnoreCase(rs.getString(1));
        }
    }

    private static boolean on(Map<String, Boolean> consumers, String name) {
        return consumers.getOrDefault(name, false);
    }

    private static Long longOrNull(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
