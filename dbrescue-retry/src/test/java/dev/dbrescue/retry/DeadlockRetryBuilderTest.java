package dev.dbrescue.retry;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadlockRetryBuilderTest {

    @Test
    void defaultsAreSmallAndSaidInToString() {
        assertThat(DeadlockRetry.builder().build())
                .hasToString("DeadlockRetry[maxAttempts=5, Backoff[20 ms x 2.0 up to 1000 ms, full jitter]]");
        assertThat(DeadlockRetry.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(50))
                .maxBackoff(Duration.ofMillis(400)).multiplier(3).jitter(Jitter.EQUAL).maxElapsed(Duration.ofSeconds(2))
                .build())
                .hasToString("DeadlockRetry[maxAttempts=3, Backoff[50 ms x 3.0 up to 400 ms, equal jitter], maxElapsed=2000 ms]");
    }

    @Test
    void badSettingsAreRefusedWithWhatToDo() {
        assertThatThrownBy(() -> DeadlockRetry.builder().maxAttempts(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxAttempts must be at least 1 (1 runs the unit once, without retry), was 0");
        assertThatThrownBy(() -> DeadlockRetry.builder().maxElapsed(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxElapsed must be positive");
        assertThatThrownBy(() -> DeadlockRetry.builder().initialBackoff(Duration.ofSeconds(2)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBackoff (PT1S) must be at least initialBackoff (PT2S)");
        assertThatThrownBy(() -> DeadlockRetry.builder().listener(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void nullArgumentsAreRefusedBeforeAnythingRuns() {
        DeadlockRetry retry = DeadlockRetry.builder().build();
        assertThatThrownBy(() -> retry.inTransaction((javax.sql.DataSource) null, c -> null))
                .isInstanceOf(NullPointerException.class).hasMessage("dataSource");
        assertThatThrownBy(() -> retry.inTransaction((java.sql.Connection) null, c -> null))
                .isInstanceOf(NullPointerException.class).hasMessage("connection");
        assertThatThrownBy(() -> retry.inTransaction(() -> null, null))
                .isInstanceOf(NullPointerException.class).hasMessage("work");
    }

    @Test
    void aSourceThatFailsToConnectIsNotRetried() {
        int[] opened = {0};
        RecordingListener listener = new RecordingListener();
        DeadlockRetry retry = DeadlockRetry.builder().listener(listener).build();
        java.sql.SQLException refused = new java.sql.SQLNonTransientConnectionException("Connection refused", "08001");
        assertThatThrownBy(() -> retry.inTransaction(() -> {
            opened[0]++;
            throw refused;
        }, c -> null)).isSameAs(refused);
        assertThat(opened[0]).isEqualTo(1);
        assertThat(listener.events()).isEmpty();
    }

    @Test
    void loggingListenerDescribesTheErrorWithoutSql() {
        assertThat(LoggingRetryListener.describe(new java.sql.SQLException("Deadlock found", "40001", 1213)))
                .isEqualTo("deadlock, SQLState 40001, error 1213");
        assertThat(LoggingRetryListener.describe(new RuntimeException(new java.sql.SQLException("x", "55P03"))))
                .isEqualTo("lock timeout, SQLState 55P03, error 0");
        assertThat(LoggingRetryListener.describe(new IllegalStateException("boom")))
                .isEqualTo("not retryable, java.lang.IllegalStateException");
    }
}
