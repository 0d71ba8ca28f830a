package dev.dbrescue.binlog.value;

import dev.dbrescue.binlog.event.TableMap;
import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Column names, signedness, character sets, ENUM/SET members and the primary key read from a live server's
 * information_schema ({@code --schema-from}), for binlogs written without {@code binlog_row_metadata=FULL}. The table
 * must still have the columns it had when the log was written: a different column count is refused, since values
 * would land in the wrong columns (binlog2sql's classic failure).
 */
public final class LiveSchemas {

    private static final String COLUMNS = "SELECT COLUMN_NAME, COLUMN_TYPE, CHARACTER_SET_NAME, COLUMN_KEY, EXTRA"
            + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION";

    private final Connection connection;

    public LiveSchemas(Connection connection) {
        this.connection = connection;
    }

    public TableSchema schemaOf(TableMap map) {
        List<Column> columns = new ArrayList<>();
        List<Integer> key = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(COLUMNS)) {
            s.setString(1, map.database());
            s.setString(2, map.table());
            try (ResultSet r = s.executeQuery()) {
                int i = 0;
                while (r.next()) {
                    if (i >= map.columnTypes().length) {
                        i++;
                        continue;
                    }
                    int binlogType = map.columnTypes()[i] & 0xff;
                    int meta = map.columnMetadata()[i];
                    int real = Column.realType(binlogType, meta);
                    String type = r.getString(2).toLowerCase(Locale.ROOT);
                    String charset = r.getString(3);
                    if (charset == null && (real == 254 || real == 253 || real == 15 || real == 252 || real == 255)) {
                        charset = Collations.BINARY;
                    }
                    List<String> values = real == 247 || real == 248 ? members(r.getString(2)) : null;
                    columns.add(new Column(r.getString(1), binlogType, meta, real, type.contains("unsigned"),
                            charset, values, generated(r.getString(5))));
                    if ("PRI".equals(r.getString(4))) {
                        key.add(i);
                    }
                    i++;
                }
                if (i != map.columnTypes().length) {
                    throw new DbRescueException(ErrorCode.BAD_INPUT, "--schema-from: " + map.qualifiedName()
                            + (i == 0 ? " does not exist on that server" : " has " + i + " columns there, "
                            + map.columnTypes().length + " in the binlog")
                            + "; give a server whose table is as it was when the binlog was written");
                }
            }
        } catch (SQLException e) {
            throw new DbRescueException(ErrorCode.CONNECTION, "--schema-from: cannot read the columns of "
                    + map.qualifiedName() + ": " + e.getMessage(), e);
        }
        return new TableSchema(map.database(), map.table(), List.copyOf(columns), List.copyOf(key));
    }

    /**
     * The schema the log gave, with its generated columns marked from this server when it has the table with the
     * same columns (their values are in the log, but INSERT and UPDATE must leave them out); unchanged otherwise.
     */
    public TableSchema markGenerated(TableSchema schema) {
        List<Column> marked = new ArrayList<>(schema.columns().size());
        try (PreparedStatement s = connection.prepareStatement(COLUMNS)) {
            s.setString(1, schema.database());
            s.setString(2, schema.table());
            try (ResultSet r = s.executeQuery()) {
                int i = 0;
                while (r.next()) {
                    if (i >= schema.columns().size() || !schema.columns().get(i).name().equals(r.getString(1))) {
                        return schema; // not the same table any more: nothing to say about it
                    }
                    marked.add(schema.columns().get(i).withGenerated(generated(r.getString(5))));
                    i++;
                }
                if (i != schema.columns().size()) {
                    return schema;
                }
            }
        } catch (SQLException e) {
            throw new DbRescueException(ErrorCode.CONNECTION, "cannot read the columns of "
                    + schema.qualifiedName() + ": " + e.getMessage(), e);
        }
        return new TableSchema(schema.database(), schema.table(), List.copyOf(marked), schema.primaryKey());
    }

    /** MySQL and MariaDB both say {@code VIRTUAL GENERATED} or {@code STORED GENERATED} in EXTRA. */
    private static boolean generated(String extra) {
        return extra != null && extra.toUpperCase(Locale.ROOT).contains("GENERATED");
    }

    /** The members of {@code enum('a','b''c')} or {@code set(...)}, unquoted. */
    static List<String> members(String columnType) {
        List<String> out = new ArrayList<>();
        int open = columnType.indexOf('(');
        StringBuilder current = null;
        for (int i = open + 1; i < columnType.length(); i++) {
            char c = columnType.charAt(i);
            if (current == null) {
                if (c == '\'') {
                    current = new StringBuilder();
                }
            } else if (c == '\'') {
                if (i + 1 < columnType.length() && columnType.charAt(i + 1) == '\'') {
                    current.append('\'');
                    i++;
                } else {
                    out.add(current.toString());
                    current = null;
                }
            } else {
                current.append(c);
            }
        }
        return List.copyOf(out);
    }
}
