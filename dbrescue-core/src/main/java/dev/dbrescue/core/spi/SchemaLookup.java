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
        public List<String> recordFieldNames(Connection connection, String schema, String table, String index) {
            return List.of();
        }

        @Override
        public List<String> foreignKeys(Connection connection, String schema, String table) {
            return List.of();
        }
    };

    /**
     * The column stored in each field of the index's records, in storage order (field 0 first), including the
     * engine's hidden columns (InnoDB: DB_ROW_ID, DB_TRX_ID, DB_ROLL_PTR); empty when unknown. A name may be null
     * for a field without a column name (a functional index part).
     */
    List<String> recordFieldNames(Connection connection, String schema, String table, String index) throws SQLException;

    /**
     * The foreign keys whose checks lock rows of this table: those referencing it (inserting a child row locks the
     * parent row in share mode) and its own (deleting or changing a parent row looks up the child rows), one
     * description each, e.g. {@code shop.items(user_id) -> shop.users(id)}; empty when none or unknown.
     */
    List<String> foreignKeys(Connection connection, String schema, String table) throws SQLException;
}
