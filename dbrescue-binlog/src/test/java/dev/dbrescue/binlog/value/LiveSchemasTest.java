package dev.dbrescue.binlog.value;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LiveSchemasTest {

    @Test
    void enumMembersAreUnquotedAsInformationSchemaQuotesThem() {
        assertThat(LiveSchemas.members("enum('a','it''s','x,y','')")).containsExactly("a", "it's", "x,y", "");
        assertThat(LiveSchemas.members("set('one')")).containsExactly("one");
    }
}
