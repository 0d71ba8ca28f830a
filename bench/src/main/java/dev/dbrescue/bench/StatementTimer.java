package dev.dbrescue.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Times each statement a snapshot reader runs, without touching the reader: the reader gets a {@link Connection}
 * proxy whose statements note when a query was sent, when executeQuery returned (the server's work and the
 * transfer: pgjdbc and MariaDB Connector/J read the whole result there unless a fetch size is set) and when the
 * result set was closed (the rest is the reader's mapping of the rows, which it does while iterating). Statements
 * are keyed by their SQL text, in the order first seen.
 */
final class StatementTimer {

    /** Timings of one SQL text. */
    static final class Entry {
        final String sql;
        /** From sending the statement until its result set was closed. */
        final List<Long> nanos = new ArrayList<>();
        /** The executeQuery call alone: the server's work and the transfer (both drivers read the whole result). */
        final List<Long> executeNanos = new ArrayList<>();
        final List<Integer> rows = new ArrayList<>();

        Entry(String sql) {
            this.sql = sql;
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    Connection wrap(Connection connection) {
        return proxy(Connection.class, connection, (target, method, args) -> {
            Object result = call(target, method, args);
            return switch (method.getName()) {
                case "createStatement" -> wrapStatement(Statement.class, (Statement) result, null);
                case "prepareStatement" -> wrapStatement(PreparedStatement.class, (PreparedStatement) result, (String) args[0]);
                default -> result;
            };
        });
    }

    private <S extends Statement> S wrapStatement(Class<S> type, S statement, String preparedSql) {
        return proxy(type, statement, (target, method, args) -> {
            if (!method.getName().equals("executeQuery")) {
                return call(target, method, args);
            }
            String sql = args != null && args.length > 0 ? (String) args[0] : preparedSql;
            long start = System.nanoTime();
            ResultSet rs = (ResultSet) call(target, method, args);
            return wrapResultSet(rs, sql, start, System.nanoTime() - start);
        });
    }

    private ResultSet wrapResultSet(ResultSet rs, String sql, long start, long executeNanos) {
        int[] rows = {0};
        boolean[] recorded = {false};
        return proxy(ResultSet.class, rs, (target, method, args) -> {
            Object result = call(target, method, args);
            if (method.getName().equals("next") && Boolean.TRUE.equals(result)) {
                rows[0]++;
            } else if (method.getName().equals("close") && !recorded[0]) {
                recorded[0] = true;
                Entry entry = entries.computeIfAbsent(sql, Entry::new);
                entry.nanos.add(System.nanoTime() - start);
                entry.executeNanos.add(executeNanos);
                entry.rows.add(rows[0]);
            }
            return result;
        });
    }

    private interface Handler {
        Object handle(Object target, Method method, Object[] args) throws Throwable;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target, Handler handler) {
        InvocationHandler h = (p, method, args) -> handler.handle(target, method, args);
        return (T) Proxy.newProxyInstance(StatementTimer.class.getClassLoader(), new Class<?>[]{type}, h);
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Prints a Markdown table of the statements: total and executeQuery medians, p90, rows. */
    static void printTable(List<Entry> entries) {
        System.out.println("| statement | median ms | p90 ms | executeQuery median ms | rows |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (Entry e : entries) {
            Stats s = Stats.ofNanos(e.nanos);
            System.out.printf("| `%s` | %s | %s | %s | %d |%n", shorten(e.sql, 90), Stats.format(s.medianMs()),
                    Stats.format(s.p90Ms()), Stats.format(Stats.ofNanos(e.executeNanos).medianMs()), (int) Stats.medianOf(e.rows));
        }
    }

    /** The SQL on one line, shortened for a table cell. */
    static String shorten(String sql, int max) {
        String line = sql.replaceAll("\\s+", " ").strip();
        return line.length() <= max ? line : line.substring(0, max - 3) + "...";
    }
}
