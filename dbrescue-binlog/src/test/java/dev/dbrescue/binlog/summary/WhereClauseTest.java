package dev.dbrescue.binlog.summary;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WhereClauseTest {

    @Test
    void deleteAndUpdateWithoutWhereAreUnrestricted() {
        assertThat(WhereClause.present("DELETE FROM users")).isFalse();
        assertThat(WhereClause.present("/* app */ update users set name = 'where'")).isFalse();
        assertThat(WhereClause.present("DELETE FROM `where` -- where\n")).isFalse();
    }

    @Test
    void aWhereOutsideQuotesRestricts() {
        assertThat(WhereClause.present("delete from users\nwhere id = 1")).isTrue();
        assertThat(WhereClause.present("UPDATE t SET a='x' WHERE b=\"it's\"")).isTrue();
    }

    @Test
    void otherOrCutStatementsAreUnknown() {
        assertThat(WhereClause.present(null)).isNull();
        assertThat(WhereClause.present("INSERT INTO t VALUES (1)")).isNull();
        assertThat(WhereClause.present("DELETE FROM t USING t JOIN u ON t.a = u.a AND t.b = u.b ...")).isNull();
    }
}
