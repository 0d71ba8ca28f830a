package dev.dbrescue.retry;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The retry loop's decisions (how many attempts, which pauses, the time budget, interrupts, listener failures),
 * with no database: the connection source itself fails with a retryable error, so no connection is ever made.
 * What happens to real transactions is tested against real servers by the *IT classes.
 */
class DeadlockRetryLoopTest {

    private final List<Duration> pauses = new ArrayList<>();
    private final RecordingListener listener = new RecordingListener();
    private final AtomicInteger opened = new AtomicInteger();

    /** Fails every time, each time with a new exception, as a server would. */
    private final ConnectionSource deadlocking = () -> {
        throw new SQLException("deadlock detected (attempt " + opened.incrementAndGet() + ")", "40P01");
    };

    private DeadlockRetry.Builder builder() {
        return DeadlockRetry.builder().listener(listener).sleeper(pauses::add).jitter(Jitter.NONE);
    }

    @Test
    void retriesUpToMaxAttemptsWithExponentialPausesThenThrowsTheLastFailure() {
        DeadlockRetry retry = builder().maxAttempts(4).build();

        SQLException thrown = catchThrowableOfType(SQLException.class, () -> retry.inTransaction(deadlocking, c -> "never"));

        assertThat(opened).hasValue(4);
        assertThat((Throwable) thrown).hasMessage("deadlock detected (attempt 4)");
        assertThat(thrown.getSuppressed()).extracting(Throwable::getMessage).containsExactly(
                "deadlock detected (attempt 1)", "deadlock detected (attempt 2)", "deadlock detected (attempt 3)");
        assertThat(pauses).containsExactly(Duration.ofMillis(20), Duration.ofMillis(40), Duration.ofMillis(80));
        assertThat(listener.events()).extracting(RecordingListener.Event::kind, RecordingListener.Event::attempt,
                RecordingListener.Event::delay).containsExactly(
                org.assertj.core.groups.Tuple.tuple(RecordingListener.Kind.RETRY, 1, Duration.ofMillis(20)),
                org.assertj.core.groups.Tuple.tuple(RecordingListener.Kind.RETRY, 2, Duration.ofMillis(40)),
                org.assertj.core.groups.Tuple.tuple(RecordingListener.Kind.RETRY, 3, Duration.ofMillis(80)),
                org.assertj.core.groups.Tuple.tuple(RecordingListener.Kind.GIVE_UP, 4, null));
        assertThat(listener.giveUps().get(0).failure()).isSameAs(thrown);
    }

    @Test
    void oneAttemptMeansNoRetry() {
        DeadlockRetry retry = builder().maxAttempts(1).build();
        SQLException thrown = catchThrowableOfType(SQLException.class, () -> retry.inTransaction(deadlocking, c -> null));
        assertThat((Throwable) thrown).hasMessage("deadlock detected (attempt 1)");
        assertThat(thrown.getSuppressed()).isEmpty();
        assertThat(pauses).isEmpty();
        assertThat(listener.events()).extracting(RecordingListener.Event::kind).containsExactly(RecordingListener.Kind.GIVE_UP);
    }

    @Test
    void theInjectedRandomDrawsTheJitter() {
        DeadlockRetry retry = builder().maxAttempts(3).jitter(Jitter.FULL).random(() -> 0L).build();
        catchThrowableOfType(SQLException.class, () -> retry.inTransaction(deadlocking, c -> null));
        assertThat(pauses).containsExactly(Duration.ZERO, Duration.ZERO);
    }

    @Test
    void noRetryStartsWhosePauseWouldEndAfterTheTimeBudget() {
        AtomicLong now = new AtomicLong();
        long ms = 1_000_000L;
        ConnectionSource slowFailure = () -> {
            now.addAndGet(300 * ms); // each attempt takes 300 ms
            throw new SQLException("canceling statement due to lock timeout", "55P03");
        };
        DeadlockRetry retry = DeadlockRetry.builder().listener(listener).jitter(Jitter.NONE)
                .initialBackoff(Duration.ofMillis(100)).maxAttempts(10).maxElapsed(Duration.ofSeconds(1))
                .nanoTime(now::get).sleeper(d -> now.addAndGet(d.toNanos())).build();

        catchThrowableOfType(SQLException.class, () -> retry.inTransaction(slowFailure, c -> null));

        // attempt 1 ends at 300 ms, +100 ms pause = 400: go; attempt 2 ends at 700, +200 = 900: go;
        // attempt 3 ends at 1200: over the budget.
        assertThat(listener.retries()).extracting(RecordingListener.Event::delay)
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(listener.giveUps()).extracting(RecordingListener.Event::attempt).containsExactly(3);
    }

    @Test
    void anInterruptedPauseStopsRetryingAndKeepsTheInterruptFlag() {
        InterruptedException interrupt = new InterruptedException("shutting down");
        DeadlockRetry retry = builder().maxAttempts(5).sleeper(d -> {
            throw interrupt;
        }).build();
        try {
            SQLException thrown = catchThrowableOfType(SQLException.class, () -> retry.inTransaction(deadlocking, c -> null));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(opened).hasValue(1);
            assertThat(thrown.getSuppressed()).containsExactly(interrupt);
            assertThat(listener.events()).extracting(RecordingListener.Event::kind)
                    .containsExactly(RecordingListener.Kind.RETRY, RecordingListener.Kind.GIVE_UP);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void anInterruptBeforeAZeroPauseStopsRetryingToo() {
        // TimeUnit.sleep(0) returns without looking at the flag; the loop must look itself.
        DeadlockRetry retry = DeadlockRetry.builder().maxAttempts(5).initialBackoff(Duration.ZERO)
                .maxBackoff(Duration.ZERO).listener(new RetryListener() {
                    @Override
                    public void onRetry(int attempt, Exception failure, Duration delay) {
                        Thread.currentThread().interrupt();
                    }
                }).build();
        try {
            SQLException thrown = catchThrowableOfType(SQLException.class, () -> retry.inTransaction(deadlocking, c -> null));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(opened).hasValue(1);
            assertThat(thrown.getSuppressed()).singleElement().isInstanceOf(InterruptedException.class);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheRetries() {
        DeadlockRetry retry = builder().maxAttempts(3).listener(new RetryListener() {
            @Override
            public void onRetry(int attempt, Exception failure, Duration delay) {
                throw new IllegalStateException("metrics backend down");
            }

            @Override
            public void onGiveUp(int attempts, Exception failure) {
                throw new IllegalStateException("metrics backend down");
            }
        }).build();
        SQLException thrown = catchThrowableOfType(SQLException.class, () -> retry.inTransaction(deadlocking, c -> null));
        assertThat(opened).hasValue(3);
        assertThat((Throwable) thrown).hasMessage("deadlock detected (attempt 3)");
        assertThat(pauses).hasSize(2);
    }

    @Test
    void aRetryableErrorWrappedInARuntimeExceptionIsRetriedAndRethrownAsIs() {
        ConnectionSource wrapped = () -> {
            opened.incrementAndGet();
            throw new IllegalStateException("pool", new SQLException("Deadlock found", "40001", 1213));
        };
        DeadlockRetry retry = builder().maxAttempts(2).build();
        IllegalStateException thrown = catchThrowableOfType(IllegalStateException.class, () -> retry.inTransaction(wrapped, c -> null));
        assertThat((Throwable) thrown).hasMessage("pool");
        assertThat(opened).hasValue(2);
    }
}
