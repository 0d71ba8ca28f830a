package dev.dbrescue.testkit.server;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestServersTest {

    private static final String UNSET = "DBRESCUE_TEST_VARIABLE_THAT_NOBODY_SETS";

    @Test
    void aFailedStartSaysHowToProvideAServerAndIsNotRetried() {
        AtomicInteger starts = new AtomicInteger();
        TestServers.Slot slot = new TestServers.Slot("MariaDB", UNSET, "mysql://root@127.0.0.1:3306/test", () -> {
            starts.incrementAndGet();
            throw new IllegalStateException("MariaDB 10.11.5 did not start: [ERROR] something (server log: /tmp/x)");
        });

        assertThatThrownBy(slot::get)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("No MariaDB for tests: the embedded one did not start (MariaDB 10.11.5 did not start: "
                        + "[ERROR] something (server log: /tmp/x)). Point the tests at a server of yours instead, e.g. "
                        + UNSET + "=mysql://root@127.0.0.1:3306/test")
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThatThrownBy(slot::get).isInstanceOf(IllegalStateException.class);
        assertThat(starts).hasValue(1);
    }

    @Test
    void startsOnceAndReturnsTheSameServer() {
        AtomicInteger starts = new AtomicInteger();
        TestServers.Slot slot = new TestServers.Slot("PostgreSQL", UNSET, "postgresql://postgres@127.0.0.1:5432/postgres",
                () -> new ServerHandle("postgresql://postgres@127.0.0.1:" + (5000 + starts.incrementAndGet()) + "/postgres", true));

        assertThat(slot.get()).isSameAs(slot.get());
        assertThat(starts).hasValue(1);
    }
}
