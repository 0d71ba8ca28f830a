package dev.dbrescue.core.deadlock.postgres;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Prefixes as the captured logs print them (fixtures/captured/postgresql-15), and pgBadger's queryid one. */
class LinePrefixTest {

    @Test
    void pidInEveryCommonShape() {
        assertThat(LinePrefix.pid("2026-11-21 12:52:48.499 UTC [30202] ")).isEqualTo(30202L);
        assertThat(LinePrefix.pid("2026-11-21 21:53:00 JST [30435]: [1-1] user=postgres,db=postgres,app=app-A,"
                + "client=127.0.0.1 ")).isEqualTo(30435L);
        assertThat(LinePrefix.pid("2026-11-21 07:53:08.562 EST [30597-1] postgres@postgres ")).isEqualTo(30597L);
        assertThat(LinePrefix.pid("2026-11-21 18:26:37 IST:127.0.0.1(55264):postgres@postgres:[1328]:"))
                .isEqualTo(1328L);
        assertThat(LinePrefix.pid("1795265805.005 pid=1493 ")).isEqualTo(1493L);
        assertThat(LinePrefix.pid("Nov 21 12:53:38 dbhost postgres[31146]: [6-2] user=postgres,db=postgres,app=app-A "))
                .isEqualTo(31146L);
        assertThat(LinePrefix.pid("2019-03-14T00:22:56+00:00 app[postgres.4882]: [GREEN] [15-1]  sql_error_code = 00000 "))
                .isEqualTo(4882L);
        assertThat(LinePrefix.pid("2022-02-17 16:27:06.567 UTC [2129] [queryid=0] postgres@stackoverflow "))
                .isEqualTo(2129L);
        assertThat(LinePrefix.pid("")).isNull();
        assertThat(LinePrefix.pid("2026-11-21 12:52:48.499 UTC ")).isNull();
    }

    @Test
    void syslogAndHerokuInterleave() {
        assertThat(LinePrefix.interleaves("Nov 21 12:53:38 dbhost postgres[31146]: [6-2] ")).isTrue();
        assertThat(LinePrefix.interleaves("2019-03-14T00:22:56+00:00 app[postgres.4882]: [GREEN] [15-1] ")).isTrue();
        assertThat(LinePrefix.interleaves("2026-11-21 21:53:00 JST [30435]: [1-1] ")).isFalse();
        assertThat(LinePrefix.interleaves("2026-11-21 07:53:08.562 EST [30597-1] postgres@postgres ")).isFalse();
    }

    @Test
    void continuationLinesOfSyslog() {
        String line = "Nov 21 12:53:39 dbhost postgres[31147]: [7-3] #011Process 31146 waits for ShareLock";
        assertThat(line.substring(LinePrefix.continuationStart(line, 4096))).startsWith("#011Process 31146");
        assertThat(LinePrefix.continuationStart("Nov 21 12:53:39 dbhost postgres[31147]: [7-1] user=x ", 4096))
                .as("the first line of a message is not a continuation").isEqualTo(-1);
        assertThat(LinePrefix.continuationStart("SELECT 1", 4096)).isEqualTo(-1);
    }

    @Test
    void userAndHost() {
        String jst = "2026-11-21 21:53:00 JST [30435]: [1-1] user=postgres,db=postgres,app=app-A,client=127.0.0.1 ";
        assertThat(LinePrefix.user(jst)).isEqualTo("postgres");
        assertThat(LinePrefix.host(jst)).isEqualTo("127.0.0.1");
        String rds = "2026-11-21 18:26:37 IST:127.0.0.1(55264):postgres@postgres:[1328]:";
        assertThat(LinePrefix.user(rds)).isEqualTo("postgres");
        assertThat(LinePrefix.host(rds)).isEqualTo("127.0.0.1");
        assertThat(LinePrefix.user("2026-11-21 07:53:08.562 EST [30597-1] postgres@postgres ")).isEqualTo("postgres");
        assertThat(LinePrefix.user("2026-11-21 21:53:00 JST [30429]: [1-1] user=,db=,app=,client= ")).isNull();
        assertThat(LinePrefix.host("2026-11-21 21:53:00 JST [30429]: [1-1] user=,db=,app=,client= ")).isNull();
        assertThat(LinePrefix.user("2026-11-21 12:52:48.499 UTC [30202] ")).isNull();
    }
}
