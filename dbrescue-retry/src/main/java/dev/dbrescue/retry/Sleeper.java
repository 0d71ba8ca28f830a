package dev.dbrescue.retry;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** How {@link DeadlockRetry} pauses between attempts; replaced in tests by one that records the pauses. */
@FunctionalInterface
public interface Sleeper {

    /** {@link Thread#sleep}, to the nanosecond the platform allows. */
    Sleeper THREAD = delay -> TimeUnit.NANOSECONDS.sleep(delay.toNanos());

    /** Pauses for {@code delay}; throws when the thread is interrupted, as {@link Thread#sleep} does. */
    void sleep(Duration delay) throws InterruptedException;
}
