package dev.dbrescue.binlog.flashback;

import dev.dbrescue.binlog.event.TableMap;
import dev.dbrescue.binlog.value.SqlText;
import dev.dbrescue.binlog.value.TableSchema;

/**
 * A table as the rows events of a range refer to it: its map (to walk the images) and schema (to write SQL), shared
 * by every event of the same table definition, with the quoted name rendered once.
 */
record TableRef(TableMap map, TableSchema schema, String quotedName) {

    static TableRef of(TableMap map, TableSchema schema) {
        return new TableRef(map, schema, SqlText.qualified(schema.database(), schema.table()));
    }
}
