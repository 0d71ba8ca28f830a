package dev.dbrescue.core.spi;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What the live schema says about the tables and indexes a deadlock report names, for
 * {@code dbrescue deadlocks parse --target}. A table that does not exist (any more) or that the user may not see
 * gives empty answers; only a broken session throws. Identifiers are passed as bound parameters, never spliced
 * into SQL.
 */
public interface SchemaLookup {

    /** Knows nothing: every answer is empty. The default of engines without an implementation. */
    SchemaLookup NONE = new SchemaLookup() {
        @Override
        public List<RecordColumn> recordColumns(Connection connection, String schema, String table, String index) {
            return List.of();
        }

        @Override
        public List<String> foreignKeys(Connection connection, String schema, String table) {
            return List.of();
        }
    };

    /**
     * The column stored in one field of an index record.
     *
     * @param name the column's name, or the engine's hidden column (InnoDB: DB_ROW_ID, DB_TRX_ID, DB_ROLL_PTR); null
     *             for a field without a column name (a functional index part)
     * @param type the column's type as the server describes it (MySQL: COLUMN_TYPE, e.g. {@code int(10) unsigned});
     *             null for hidden columns
     */
    record RecordColumn(String name, String type) {
    }

    /**
     * The column stored in each field of the index's records, in storage order (field 0 first), including the
     * engine's hidden columns; empty when unknown.
     */
    List<RecordColumn> recordColumns(Connection connection, String schema, String table, String index) throws SQLException;

    /**
     * The value a field's stored bytes hold, read as its column's type, as SQL would show it ({@code 2024-03-05},
     * {@code -12345.678}); null when this engine cannot read that type from the bytes (strings are left to the
     * report's own text).
     */
    default String fieldValue(RecordColumn column, String hex) {
        return null;
    }

    /**
     * The foreign keys whose checks lock rows of this table: those referencing it (inserting a child row locks the
     * parent row in share mode) and its own (deleting or changing a parent row looks up the child rows), one
     * description each, e.g. {@code shop.items(user_id) -> shop.users(id)}; empty when none or unknown.
     */
    List<String> foreignKeys(Connection connection, String schema, String table) throws SQLException;
}
