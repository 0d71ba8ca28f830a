package dev.dbrescue.core.analysis.finding;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DurationsTest {

    /** oneLine skips the regex for statements already on one line: the result must be what the regex gives. */
    @Test
    void oneLineMatchesTheRegexDefinition() {
        for (String sql : List.of("UPDATE t SET a = 1 WHERE id = 2", " UPDATE t", "UPDATE t ", "UPDATE  t", "UPDATE\tt",
                "UPDATE t\nWHERE id = 1", "a\u00a0b", "a\u2028b", "x", "", "   ", "SELECT 'two  spaces'")) {
            String regex = sql.replaceAll("\\s+", " ").trim();
            assertThat(Durations.oneLine(sql, 1000)).as("[%s]", sql).isEqualTo(regex);
        }
        assertThat(Durations.oneLine("abcdef", 4)).isEqualTo("abc…");
        assertThat(Durations.oneLine(null, 4)).isNull();
    }
}
