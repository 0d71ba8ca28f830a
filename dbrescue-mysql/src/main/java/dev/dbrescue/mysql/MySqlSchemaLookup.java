package dev.dbrescue.mysql;

import dev.dbrescue.core.spi.SchemaLookup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The live schema from information_schema, which shows a user only the tables they have some privilege on: a table
 * they may not see reads as absent, and its fields stay unnamed. Names are bound parameters.
 */
final class MySqlSchemaLookup implements SchemaLookup {

    private static final String COLUMNS = "SELECT COLUMN_NAME, EXTRA, COLUMN_TYPE FROM information_schema.COLUMNS"
            + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION";
    private static final String STATISTICS = "SELECT INDEX_NAME, COLUMN_NAME, NON_UNIQUE FROM information_schema.STATISTICS"
            + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY INDEX_NAME, SEQ_IN_INDEX";
    // Both directions: a child row insert locks the parent row (the table is referenced), a parent row delete looks
    // up the child rows (the table references another). One row per column of each constraint.
    private static final String FOREIGN_KEYS = "SELECT CONSTRAINT_SCHEMA, CONSTRAINT_NAME, TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME,"
            + " REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE"
            + " WHERE REFERENCED_TABLE_NAME IS NOT NULL AND ((REFERENCED_TABLE_SCHEMA = ? AND REFERENCED_TABLE_NAME = ?)"
            + " OR (TABLE_SCHEMA = ? AND TABLE_NAME = ?))"
            + " ORDER BY CONSTRAINT_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION";

    @Override
    public List<RecordColumn> recordColumns(Connection connection, String schema, String table, String index) throws SQLException {
        return layout(connection, schema, table).fieldColumns(index);
    }

    @Override
    public String fieldValue(RecordColumn column, String hex) {
        return InnoDbFieldValue.of(column.type(), hex);
    }

    static InnoDbRecordLayout layout(Connection connection, String schema, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        Map<String, String> types = new HashMap<>();
        try (PreparedStatement s = connection.prepareStatement(COLUMNS)) {
            s.setString(1, schema);
            s.setString(2, table);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String extra = rs.getString(2);
                    // Virtual generated columns are computed on read, not stored in the clustered record
                    // (MySQL: VIRTUAL GENERATED; MariaDB: VIRTUAL GENERATED, or VIRTUAL before 10.2).
                    if (extra == null || !extra.toUpperCase(Locale.ROOT).contains("VIRTUAL")) {
                        columns.add(rs.getString(1));
                        types.put(rs.getString(1), rs.getString(3));
                    }
                }
            }
        }
        Map<String, List<String>> indexes = new LinkedHashMap<>();
        Set<String> unique = new HashSet<>();
        try (PreparedStatement s = connection.prepareStatement(STATISTICS)) {
            s.setString(1, schema);
            s.setString(2, table);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String index = rs.getString(1);
                    indexes.computeIfAbsent(index, k -> new ArrayList<>()).add(rs.getString(2));
                    if (rs.getInt(3) == 0 && !InnoDbRecordLayout.PRIMARY.equals(index)) {
                        unique.add(index);
                    }
                }
            }
        }
        return new InnoDbRecordLayout(columns, types, indexes, unique);
    }

    @Override
    public List<String> foreignKeys(Connection connection, String schema, String table) throws SQLException {
        Map<String, String[]> constraints = new LinkedHashMap<>();
        try (PreparedStatement s = connection.prepareStatement(FOREIGN_KEYS)) {
            s.setString(1, schema);
            s.setString(2, table);
            s.setString(3, schema);
            s.setString(4, table);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getString(1) + "." + rs.getString(3) + "." + rs.getString(4) + "." + rs.getString(2);
                    String[] parts = constraints.get(key);
                    if (parts == null) {
                        parts = new String[]{rs.getString(3) + "." + rs.getString(4), "", rs.getString(6) + "." + rs.getString(7), ""};
                        constraints.put(key, parts);
                    }
                    parts[1] = parts[1].isEmpty() ? rs.getString(5) : parts[1] + ", " + rs.getString(5);
                    parts[3] = parts[3].isEmpty() ? rs.getString(8) : parts[3] + ", " + rs.getString(8);
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (String[] p : constraints.values()) {
            out.add(p[0] + "(" + p[1] + ") -> " + p[2] + "(" + p[3] + ")");
        }
        return out;
    }
}
