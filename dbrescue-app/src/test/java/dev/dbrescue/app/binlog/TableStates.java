package dev.dbrescue.app.binlog;

import dev.dbrescue.app.binlog.EveryTypeTables.Column;
import dev.dbrescue.app.binlog.EveryTypeTables.Table;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the round trip compares: each table's CHECKSUM TABLE, and a dump of its rows for the failure message (which
 * table differs, which rows are missing, unexpected or changed, and in which column). Also keeps copies of the tables
 * (in databases of their own, out of the binary log) to put them back in a known state before each check.
 */
final class TableStates {

    /** Checksums and sorted dumps of every table, at one moment. */
    record State(Map<Table, String> checksums, Map<Table, List<List<String>>> rows) {
    }

    private TableStates() {
    }

    /** {@code statement}'s session must have time_zone '+00:00', so that TIMESTAMPs dump the same everywhere. */
    static State capture(Statement statement, List<Table> tables) throws SQLException {
        Map<Table, String> checksums = new LinkedHashMap<>();
        Map<Table, List<List<String>>> rows = new LinkedHashMap<>();
        for (Table t : tables) {
            checksums.put(t, checksum(statement, t));
            rows.put(t, dump(statement, t));
        }
        return new State(checksums, rows);
    }

    static String checksum(Statement statement, Table t) throws SQLException {
        try (ResultSet r = statement.executeQuery("CHECKSUM TABLE " + t.qualified())) {
            r.next();
            return r.getString(2);
        }
    }

    /** The rows as text, exact (bytes in hex, FLOATs as the DOUBLE they widen to), sorted. */
    static List<List<String>> dump(Statement statement, Table t) throws SQLException {
        String select = t.columns().stream().map(TableStates::shown).collect(Collectors.joining(", "));
        List<List<String>> rows = new ArrayList<>();
        try (ResultSet r = statement.executeQuery("SELECT " + select + " FROM " + t.qualified())) {
            while (r.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 0; i < t.columns().size(); i++) {
                    String value = r.getString(i + 1);
                    row.add(value == null ? "NULL"
                            : t.columns().get(i).shown() == EveryTypeTables.Shown.HEX ? "0x" + value : quote(value));
                }
                rows.add(row);
            }
        }
        rows.sort(Comparator.comparing(row -> String.join("\u0001", row)));
        return rows;
    }

    private static String shown(Column c) {
        return switch (c.shown()) {
            case HEX -> "HEX(" + c.quoted() + ")";
            case FLOAT -> "CAST(" + c.quoted() + " + 0e0 AS CHAR)";
            case TEXT -> "CAST(" + c.quoted() + " AS CHAR)";
        };
    }

    /** Copies every table into database {@code copy} (t0, t1, ...), without writing to the binary log. */
    static void copy(Statement statement, List<Table> tables, String copy) throws SQLException {
        statement.execute("SET SESSION sql_log_bin = 0");
        try {
            statement.execute("CREATE DATABASE " + EveryTypeTables.ident(copy));
            for (int i = 0; i < tables.size(); i++) {
                String target = EveryTypeTables.ident(copy) + ".t" + i;
                statement.execute("CREATE TABLE " + target + " LIKE " + tables.get(i).qualified());
                statement.execute("INSERT INTO " + target + " SELECT * FROM " + tables.get(i).qualified());
            }
        } finally {
            statement.execute("SET SESSION sql_log_bin = 1");
        }
    }

    /** Puts every table back as it was in copy {@code copy}, without writing to the binary log. */
    static void restore(Statement statement, List<Table> tables, String copy) throws SQLException {
        statement.execute("SET SESSION sql_log_bin = 0");
        try {
            for (int i = 0; i < tables.size(); i++) {
                statement.execute("DELETE FROM " + tables.get(i).qualified());
                statement.execute("INSERT INTO " + tables.get(i).qualified() + " SELECT * FROM "
                        + EveryTypeTables.ident(copy) + ".t" + i);
            }
        } finally {
            statement.execute("SET SESSION sql_log_bin = 1");
        }
    }

    /** One paragraph per table whose checksum differs from {@code expected}'s; empty when all are equal. */
    static List<String> differences(State expected, State actual) {
        List<String> all = new ArrayList<>();
        for (Table t : expected.checksums().keySet()) {
            String want = expected.checksums().get(t);
            String got = actual.checksums().get(t);
            if (!want.equals(got)) {
                all.add(t.qualified() + ": CHECKSUM TABLE " + got + ", expected " + want + "\n"
                        + rowDifferences(t, expected.rows().get(t), actual.rows().get(t)));
            }
        }
        return all;
    }

    /**
     * Rows missing and unexpected, as multisets (duplicates count); where the table has a primary key, a missing and
     * an unexpected row with the same key are one changed row, shown column by column.
     */
    static String rowDifferences(Table t, List<List<String>> expected, List<List<String>> actual) {
        Map<List<String>, Integer> balance = new HashMap<>();
        expected.forEach(row -> balance.merge(row, 1, Integer::sum));
        actual.forEach(row -> balance.merge(row, -1, Integer::sum));
        List<List<String>> missing = new ArrayList<>();
        List<List<String>> unexpected = new ArrayList<>();
        for (List<String> row : expected) {
            if (balance.get(row) > 0) {
                missing.add(row);
                balance.merge(row, -1, Integer::sum);
            }
        }
        for (List<String> row : actual) {
            if (balance.get(row) < 0) {
                unexpected.add(row);
                balance.merge(row, 1, Integer::sum);
            }
        }
        StringBuilder out = new StringBuilder("  rows: " + actual.size() + ", expected " + expected.size() + "; "
                + missing.size() + " expected row(s) absent, " + unexpected.size() + " row(s) not expected\n");
        if (missing.isEmpty() && unexpected.isEmpty()) {
            return out.append("  the dumps are identical: the difference is in something the dump does not show\n")
                    .toString();
        }
        List<Integer> key = t.primaryKey().stream().map(k -> t.columns().indexOf(t.column(k))).toList();
        Map<List<String>, List<String>> unexpectedByKey = new LinkedHashMap<>();
        if (!key.isEmpty()) {
            unexpected.forEach(row -> unexpectedByKey.put(pick(row, key), row));
        }
        int shown = 0;
        List<List<String>> unpairedMissing = new ArrayList<>();
        for (List<String> row : missing) {
            List<String> other = key.isEmpty() ? null : unexpectedByKey.remove(pick(row, key));
            if (other == null) {
                unpairedMissing.add(row);
            } else if (shown++ < 5) {
                out.append("  changed row ").append(describeKey(t, key, row)).append(":\n");
                for (int i = 0; i < row.size(); i++) {
                    if (!row.get(i).equals(other.get(i))) {
                        out.append("    ").append(t.columns().get(i).quoted()).append(": ")
                                .append(valueDifference(row.get(i), other.get(i))).append('\n');
                    }
                }
            }
        }
        appendRows(out, t, "expected but absent", unpairedMissing);
        appendRows(out, t, "present but not expected",
                key.isEmpty() ? unexpected : new ArrayList<>(unexpectedByKey.values()));
        return out.toString();
    }

    private static void appendRows(StringBuilder out, Table t, String what, List<List<String>> rows) {
        for (int i = 0; i < Math.min(rows.size(), 3); i++) {
            out.append("  row ").append(what).append(": ").append(describe(t, rows.get(i))).append('\n');
        }
        if (rows.size() > 3) {
            out.append("  ... and ").append(rows.size() - 3).append(" more row(s) ").append(what).append('\n');
        }
    }

    private static List<String> pick(List<String> row, List<Integer> indexes) {
        return indexes.stream().map(row::get).toList();
    }

    private static String describeKey(Table t, List<Integer> key, List<String> row) {
        return key.stream().map(i -> t.columns().get(i).quoted() + "=" + abbreviate(row.get(i), 60))
                .collect(Collectors.joining(", ", "(", ")"));
    }

    private static String describe(Table t, List<String> row) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < row.size(); i++) {
            parts.add(t.columns().get(i).quoted() + "=" + abbreviate(row.get(i), 80));
        }
        return String.join(", ", parts);
    }

    /** Short values side by side; long ones by their lengths and the first place where they part. */
    static String valueDifference(String expected, String actual) {
        if (expected.length() <= 100 && actual.length() <= 100) {
            return "expected " + expected + ", got " + actual;
        }
        int at = 0;
        while (at < expected.length() && at < actual.length() && expected.charAt(at) == actual.charAt(at)) {
            at++;
        }
        int from = Math.max(0, at - 20);
        return "expected " + expected.length() + " chars, got " + actual.length() + "; first difference at char "
                + at + ": expected ..." + expected.substring(from, Math.min(expected.length(), at + 40))
                + "..., got ..." + actual.substring(from, Math.min(actual.length(), at + 40)) + "...";
    }

    /** A value in single quotes with control characters written as escapes, so that a message stays on its line. */
    static String quote(String value) {
        StringBuilder b = new StringBuilder("'");
        value.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case 0 -> b.append("\\0");
                case '\\' -> b.append("\\\\");
                case '\'' -> b.append("\\'");
                default -> {
                    if (Character.isISOControl(c) || c == 0x2028 || c == 0xFEFF) {
                        b.append(String.format("\\u%04X", c));
                    } else {
                        b.appendCodePoint(c);
                    }
                }
            }
        });
        return b.append('\'').toString();
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...(" + s.length() + " chars)";
    }
}
