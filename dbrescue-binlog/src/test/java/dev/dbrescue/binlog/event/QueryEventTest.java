package dev.dbrescue.binlog.event;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QueryEventTest {

    @Test
    void firstWordSkipsSpaceAndComments() {
        assertThat(QueryEvent.firstWord("  /* app=x */ delete from t")).isEqualTo("DELETE");
        assertThat(QueryEvent.firstWord("/* unclosed")).isEmpty();
        assertThat(QueryEvent.firstWord("ALTER TABLE t ADD c INT")).isEqualTo("ALTER");
    }

    @Test
    void dmlIsRecognizedDdlIsNot() {
        assertThat(new QueryEvent(1, "", "REPLACE INTO t VALUES (1)").isDml()).isTrue();
        assertThat(new QueryEvent(1, "", "update t set a=1").isDml()).isTrue();
        assertThat(new QueryEvent(1, "", "CREATE TABLE t (a int)").isDml()).isFalse();
        assertThat(new QueryEvent(1, "", "BEGIN").isBegin()).isTrue();
        assertThat(new QueryEvent(1, "", "COMMIT").isCommitOrRollback()).isTrue();
    }
}
