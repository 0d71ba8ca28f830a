package dev.dbrescue.mysql;

import dev.dbrescue.core.spi.SchemaLookup;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which column each field of an InnoDB index record stores, from the table's definition, so that a deadlock report's
 * {@code 0: len 4; hex 80000005} can be shown as {@code id=5}. InnoDB's record layout
 * (https://dev.mysql.com/doc/refman/8.0/en/innodb-index-types.html, storage/innobase/dict/dict0dict.cc,
 * dict_index_build_internal_clust and _non_clust):
 * <ul>
 *   <li>the clustered index PRIMARY: the key columns, the hidden DB_TRX_ID and DB_ROLL_PTR, then the other stored
 *       columns in definition order (virtual generated columns are not stored);</li>
 *   <li>GEN_CLUST_INDEX (a table without a primary key or a unique NOT NULL key): DB_ROW_ID, DB_TRX_ID,
 *       DB_ROLL_PTR, then every stored column;</li>
 *   <li>a secondary index: its key columns, then the primary key columns it does not already contain (DB_ROW_ID when
 *       the table has no primary key).</li>
 * </ul>
 * When a table has no PRIMARY but a unique index, InnoDB may have made that index the clustered one (the first
 * unique index whose columns are all NOT NULL, in an order the information schema does not show): no names then,
 * rather than wrong ones. MySQL 8.0.29+ instant ADD/DROP COLUMN can also store columns out of definition order.
 *
 * @param columns stored columns in definition order (information_schema.COLUMNS by ORDINAL_POSITION)
 * @param types   each stored column's COLUMN_TYPE, e.g. {@code int(10) unsigned}
 * @param indexes each index's key columns in SEQ_IN_INDEX order (a null column: a functional index part)
 * @param unique  names of the unique indexes
 */
record InnoDbRecordLayout(List<String> columns, Map<String, String> types, Map<String, List<String>> indexes,
                          Set<String> unique) {

    static final String PRIMARY = "PRIMARY";
    static final String GEN_CLUST_INDEX = "GEN_CLUST_INDEX";
    static final List<String> SYSTEM = List.of("DB_TRX_ID", "DB_ROLL_PTR");

    InnoDbRecordLayout {
        columns = List.copyOf(columns);
        types = Map.copyOf(types);
        indexes = Map.copyOf(indexes);
        unique = Set.copyOf(unique);
    }

    /** Each field's column with its type (null for hidden columns and unnamed fields), field 0 first. */
    List<SchemaLookup.RecordColumn> fieldColumns(String index) {
        return fieldNames(index).stream().map(name -> new SchemaLookup.RecordColumn(name, name == null ? null : types.get(name)))
                .toList();
    }

    /** The column of each field of the index's records, field 0 first; empty when the table or index is unknown. */
    List<String> fieldNames(String index) {
        if (columns.isEmpty() || index == null) {
            return List.of();
        }
        List<String> primary = indexes.get(PRIMARY);
        if (GEN_CLUST_INDEX.equals(index)) {
            if (primary != null) {
                return List.of();
            }
            List<String> names = new ArrayList<>(List.of("DB_ROW_ID"));
            names.addAll(SYSTEM);
            names.addAll(columns);
            return names;
        }
        List<String> key = indexes.get(index);
        if (key == null) {
            return List.of();
        }
        if (PRIMARY.equals(index)) {
            List<String> names = new ArrayList<>(key);
            names.addAll(SYSTEM);
            columns.stream().filter(c -> !key.contains(c)).forEach(names::add);
            return names;
        }
        if (primary == null && !unique.isEmpty()) {
            return List.of(); // a unique index may be the clustered one: see the class comment
        }
        List<String> names = new ArrayList<>(key);
        if (primary == null) {
            names.add("DB_ROW_ID");
        } else {
            Set<String> inKey = new LinkedHashSet<>(key);
            primary.stream().filter(c -> !inKey.contains(c)).forEach(names::add);
        }
        return names;
    }
}
