package dev.dbrescue.core.deadlock.postgres;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Prefix times as the captured logs print them (fixtures/captured/postgresql-15). */
class LogTimeTest {

    @Test
    void zonesByAbbreviationAndOffset() {
        assertThat(LogTime.find("2026-11-21 12:52:48.122 UTC [30192] ")).isEqualTo(
                new LogTime("2026-11-21 12:52:48.122 UTC", Instant.parse("2026-11-21T12:52:48.122Z")));
        assertThat(LogTime.find("2026-11-21 21:53:01 JST [30436]: [5-1] ").instant())
                .isEqualTo(Instant.parse("2026-11-21T12:53:01Z"));
        assertThat(LogTime.find("2026-11-21 07:53:08.962 EST [30598-6] postgres@postgres ").instant())
                .isEqualTo(Instant.parse("2026-11-21T12:53:08.962Z"));
        assertThat(LogTime.find("2026-11-21 18:26:37 IST:127.0.0.1(55280):postgres@postgres:[1329]:"))
                .isEqualTo(new LogTime("2026-11-21 18:26:37 IST", Instant.parse("2026-11-21T12:56:37Z")));
        // zones without an abbreviation in tzdata print a numeric offset (e.g. Asia/Dubai: +04)
        assertThat(LogTime.find("2026-11-21 16:53:01 +04 [1] ").instant())
                .isEqualTo(Instant.parse("2026-11-21T12:53:01Z"));
        assertThat(LogTime.find("2019-03-14T00:22:56+00:00 app[postgres.4882]: ").instant())
                .isEqualTo(Instant.parse("2019-03-14T00:22:56Z"));
        assertThat(LogTime.find("2026-11-21 05:30:00.5 -0530 ").instant())
                .isEqualTo(Instant.parse("2026-11-21T11:00:00.5Z"));
    }

    @Test
    void unknownAbbreviationsAreReadAsUtcAndKept() {
        LogTime time = LogTime.find("2026-11-21 12:00:00 XYZT [1] ");
        assertThat(time.text()).isEqualTo("2026-11-21 12:00:00 XYZT");
        assertThat(time.instant()).isEqualTo(Instant.parse("2026-11-21T12:00:00Z"));
    }

    @Test
    void timesWithoutAZoneOrAYearHaveNoInstant() {
        assertThat(LogTime.find("Nov 21 12:53:39 dbhost postgres[31147]: [7-1] "))
                .isEqualTo(new LogTime("Nov 21 12:53:39", null));
        assertThat(LogTime.find("2026-11-21 12:00:00 LOG:  ").instant()).isNull();
        assertThat(LogTime.find("")).isEqualTo(LogTime.NONE);
        assertThat(LogTime.find("[1234] ")).isEqualTo(LogTime.NONE);
    }

    @Test
    void epochMillisecondsOfPercentN() {
        assertThat(LogTime.find("1795265805.404 pid=1495 ")).isEqualTo(
                new LogTime("1795265805.404", Instant.ofEpochMilli(1795265805404L)));
    }

    @Test
    void subSecondPrecision() {
        assertThat(LogTime.find("2026-11-21 12:52:48.122 UTC").subSecond()).isTrue();
        assertThat(LogTime.find("1795265805.404 pid=1495 ").subSecond()).isTrue();
        assertThat(LogTime.find("2026-11-21 21:53:01 JST").subSecond()).isFalse();
        assertThat(LogTime.find("Nov 21 12:53:39").subSecond()).isFalse();
    }
}
