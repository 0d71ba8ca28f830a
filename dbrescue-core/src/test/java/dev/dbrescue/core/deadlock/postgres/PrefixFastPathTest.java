package dev.dbrescue.core.deadlock.postgres;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-written fast paths of {@link LogTime#find} and {@link LinePrefix} on the edges of their shapes: each
 * expectation is what the regular expression alone gives for the same text.
 */
class PrefixFastPathTest {

    @Test
    void timesAtTheEdgesOfTheCommonForm() {
        assertThat(LogTime.find("2026-11-21 12:00:00,5 UTC [1] "))
                .isEqualTo(new LogTime("2026-11-21 12:00:00,5 UTC", Instant.parse("2026-11-21T12:00:00.5Z")));
        assertThat(LogTime.find("2026-11-21 12:00:00.123456789 UTC [1] ").instant())
                .isEqualTo(Instant.parse("2026-11-21T12:00:00.123456789Z"));
        assertThat(LogTime.find("2026-11-21 12:00:00.1234567891 UTC [1] "))
                .as("ten fraction digits: nine are read and the zone is lost")
                .isEqualTo(new LogTime("2026-11-21 12:00:00.123456789", null));
        assertThat(LogTime.find("2026-11-21 12:00:00 CEST"))
                .isEqualTo(new LogTime("2026-11-21 12:00:00 CEST", Instant.parse("2026-11-21T10:00:00Z")));
        assertThat(LogTime.find("2026-13-01 12:00:00 UTC [1] ")).isEqualTo(new LogTime("2026-13-01 12:00:00 UTC", null));
        assertThat(LogTime.find("2026-11-21 12:00:00 UTCX7 [1] ")).isEqualTo(new LogTime("2026-11-21 12:00:00", null));
        assertThat(LogTime.find("2026-11-21 12:00:00 ABCDEFG [1] ")).isEqualTo(new LogTime("2026-11-21 12:00:00", null));
        assertThat(LogTime.find("2026-11-21 12:00:00 Z [1] "))
                .isEqualTo(new LogTime("2026-11-21 12:00:00 Z", Instant.parse("2026-11-21T12:00:00Z")));
        assertThat(LogTime.find("2026-11-21 12:00:00 UTC:x").instant()).isEqualTo(Instant.parse("2026-11-21T12:00:00Z"));
        assertThat(LogTime.find("x2026-11-21 12:00:00 UTC [1] "))
                .isEqualTo(new LogTime("2026-11-21 12:00:00 UTC", Instant.parse("2026-11-21T12:00:00Z")));
    }

    @Test
    void pidsInBracketsOnly() {
        assertThat(LinePrefix.pid("2026-11-21 12:00:00 UTC [12-ab] [34] ")).isEqualTo(34L);
        assertThat(LinePrefix.pid("[x] [12-3] ")).isEqualTo(12L);
        assertThat(LinePrefix.pid("[1234567890123456789] [5] ")).as("too long for a pid: none").isNull();
        assertThat(LinePrefix.pid("[5-6")).isNull();
        assertThat(LinePrefix.pid("[] [-1] [7")).isNull();
        assertThat(LinePrefix.pid("[5-] [6] ")).isEqualTo(6L);
    }

    @Test
    void userAndHostWithoutEqualsSigns() {
        assertThat(LinePrefix.host("2026-11-21 12:00:00 UTC [1] 10.0.0.7(5432) ")).isEqualTo("10.0.0.7");
        assertThat(LinePrefix.host("2026-11-21 12:00:00 UTC [1] [local]() ")).isEqualTo("[local]");
        assertThat(LinePrefix.user("2026-11-21 12:00:00 UTC [1] alice@shop ")).isEqualTo("alice");
        assertThat(LinePrefix.user("2026-11-21 12:00:00 UTC [1] ")).isNull();
        assertThat(LinePrefix.host("2026-11-21 12:00:00 UTC [1] ")).isNull();
    }
}
