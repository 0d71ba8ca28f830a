package dev.dbrescue.binlog.value;

import java.util.List;

/**
 * A table as the SQL writer needs it: names, column types, and the primary key that identifies a row in WHERE.
 *
 * @param primaryKey indexes into {@code columns}; empty when the table has none (every column then goes into WHERE)
 */
public record TableSchema(String database, String table, List<Column> columns, List<Integer> primaryKey) {

    public String qualifiedName() {
        return database + "." + table;
    }
}
