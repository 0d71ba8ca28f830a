package dev.dbrescue.core.deadlock.innodb;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class LogLineTest {

    @Test
    void mysql8() {
        LogLine l = LogLine.parse("2024-01-01T10:00:00.123456Z 8 [Note] [MY-012468] [InnoDB] Transactions deadlock"
                + " detected, dumping detailed information.");
        assertThat(l.time().instant()).isEqualTo(Instant.parse("2024-01-01T10:00:00.123456Z"));
        assertThat(l.threadId()).isEqualTo(8L);
        assertThat(l.innoDb()).isTrue();
        assertThat(l.message()).startsWith("Transactions deadlock detected");
        assertThat(LogLine.parse("2024-01-01T10:00:00.123456+09:00 0 [System] [MY-010116] [Server] starting")
                .innoDb()).isFalse();
        assertThat(LogLine.parse("2024-01-01T10:00:00.123456+09:00 0 [System] [MY-010116] [Server] starting")
                .time().instant()).isEqualTo(Instant.parse("2024-01-01T01:00:00.123456Z"));
    }

    @Test
    void mariaDbAndOlder() {
        LogLine maria = LogLine.parse("2024-01-01 10:00:00 12 [Note] InnoDB: *** (1) TRANSACTION:");
        assertThat(maria.threadId()).isEqualTo(12L);
        assertThat(maria.innoDb()).isTrue();
        assertThat(maria.message()).isEqualTo("*** (1) TRANSACTION:");
        assertThat(maria.time().text()).isEqualTo("2024-01-01 10:00:00");
        assertThat(LogLine.parse("2024-01-01 10:00:00 12 [Note] InnoDB: ").message()).isEmpty();
        assertThat(LogLine.parse("150101 10:00:00 [Note] InnoDB: started").time().instant())
                .isEqualTo(Instant.parse("2015-01-01T10:00:00Z"));
        LogLine mysql56 = LogLine.parse("2014-08-24 01:01:24 7f55ea639700InnoDB: transactions deadlock detected,"
                + " dumping detailed information.");
        assertThat(mysql56.innoDb()).isTrue();
        assertThat(mysql56.message()).startsWith("transactions deadlock detected");
    }

    /** Lines of a status output must not be taken for log lines. */
    @Test
    void statusLinesAreNotLogLines() {
        assertThat(LogLine.parse("2024-07-22 15:13:37 0x7f53dc148700")).isNull();
        assertThat(LogLine.parse("2022-11-25 15:58:22 139815661168384")).isNull();
        assertThat(LogLine.parse("2020-06-18 15:32:07 7f76dd7c1700")).isNull();
        assertThat(LogLine.parse("111212 22:52:42")).isNull();
        assertThat(LogLine.parse("0.00 reads/s, 0 avg bytes/read, 4.75 writes/s, 1.00 fsyncs/s")).isNull();
        assertThat(LogLine.parse(" 0: len 4; hex 80000001; asc     ;;")).isNull();
    }

    @Test
    void times() {
        assertThat(InnoDbTime.atStart("120906  6:03:32").text()).isEqualTo("120906  6:03:32");
        assertThat(InnoDbTime.atStart("130624 17:39:24TOO DEEP").instant()).isEqualTo(Instant.parse("2013-06-24T17:39:24Z"));
        assertThat(InnoDbTime.atStart("2024-07-22 15:13:37 0x7f53dc148700").text()).isEqualTo("2024-07-22 15:13:37");
        assertThat(InnoDbTime.atStart("2019-04-02T11:22:33.445566+0900").instant())
                .isEqualTo(Instant.parse("2019-04-02T02:22:33.445566Z"));
        assertThat(InnoDbTime.atStart("2024-13-45 99:99:99 nonsense")).isNull();
    }
}
