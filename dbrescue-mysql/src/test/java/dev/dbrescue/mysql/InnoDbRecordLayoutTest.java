package dev.dbrescue.mysql;

import dev.dbrescue.core.spi.SchemaLookup;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class InnoDbRecordLayoutTest {

    // CREATE TABLE users (id INT, login VARCHAR(40), item_count INT, region INT, PRIMARY KEY (id, region),
    //   UNIQUE KEY login (login), KEY by_region (region, item_count))
    private static final InnoDbRecordLayout USERS = new InnoDbRecordLayout(List.of("id", "login", "item_count", "region"), Map.of("id", "int(11)", "region", "int(11)"),
            Map.of("PRIMARY", List.of("id", "region"), "login", List.of("login"), "by_region", List.of("region", "item_count")),
            Set.of("login"));

    @Test
    void primaryKeyThenHiddenColumnsThenTheRestInDefinitionOrder() {
        assertThat(USERS.fieldNames("PRIMARY"))
                .containsExactly("id", "region", "DB_TRX_ID", "DB_ROLL_PTR", "login", "item_count");
    }

    @Test
    void secondaryIndexAppendsOnlyThePrimaryKeyColumnsItLacks() {
        assertThat(USERS.fieldNames("login")).containsExactly("login", "id", "region");
        assertThat(USERS.fieldNames("by_region")).containsExactly("region", "item_count", "id");
    }

    @Test
    void tableWithoutKeysHasTheGeneratedClusteredIndex() {
        InnoDbRecordLayout heap = new InnoDbRecordLayout(List.of("a", "b"), Map.of(), Map.of("by_b", List.of("b")), Set.of());
        assertThat(heap.fieldNames("GEN_CLUST_INDEX")).containsExactly("DB_ROW_ID", "DB_TRX_ID", "DB_ROLL_PTR", "a", "b");
        assertThat(heap.fieldNames("by_b")).containsExactly("b", "DB_ROW_ID");
    }

    @Test
    void unknownTableOrIndexOrPossiblyPromotedUniqueIndexGivesNoNames() {
        assertThat(USERS.fieldNames("no_such_index")).isEmpty();
        assertThat(USERS.fieldNames("GEN_CLUST_INDEX")).isEmpty();
        assertThat(new InnoDbRecordLayout(List.of(), Map.of(), Map.of(), Set.of()).fieldNames("PRIMARY")).isEmpty();
        InnoDbRecordLayout uniqueOnly = new InnoDbRecordLayout(List.of("a", "b"), Map.of(),
                Map.of("a", List.of("a"), "by_b", List.of("b")), Set.of("a"));
        assertThat(uniqueOnly.fieldNames("by_b")).as("the unique index may be the clustered one").isEmpty();
    }

    @Test
    void functionalIndexPartKeepsItsPlaceWithoutAName() {
        InnoDbRecordLayout t = new InnoDbRecordLayout(List.of("id", "doc"), Map.of(),
                Map.of("PRIMARY", List.of("id"), "by_expr", Arrays.asList((String) null)), Set.of());
        assertThat(t.fieldNames("by_expr")).containsExactly(null, "id");
    }

    @Test
    void fieldColumnsCarryTheirTypesAndHiddenColumnsNone() {
        assertThat(USERS.fieldColumns("PRIMARY")).startsWith(new SchemaLookup.RecordColumn("id", "int(11)"),
                new SchemaLookup.RecordColumn("region", "int(11)"), new SchemaLookup.RecordColumn("DB_TRX_ID", null));
    }
}
