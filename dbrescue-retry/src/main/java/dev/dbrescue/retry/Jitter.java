package dev.dbrescue.retry;

import java.util.random.RandomGenerator;

/**
 * How much of the exponential pause is drawn at random, so that transactions that failed together do not all come
 * back at the same instant and collide again. The names and formulas are those of Marc Brooker's
 * <a href="https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/">Exponential Backoff And
 * Jitter</a>, whose simulation found full jitter to finish the contended work soonest with the fewest calls.
 */
public enum Jitter {

    /**
     * Anywhere from nothing to the ceiling: {@code random(0, ceiling)}. The default: it spreads retries the most.
     * A deadlock victim coming back at once is harmless, since the transaction that won still holds its locks and
     * the victim simply waits for them.
     */
    FULL {
        @Override
        long delayNanos(long ceilingNanos, RandomGenerator random) {
            return ceilingNanos <= 0 ? 0 : random.nextLong(ceilingNanos);
        }
    },

    /**
     * At least half the ceiling: {@code ceiling / 2 + random(0, ceiling / 2)}. For lock timeouts, where the holder
     * may need a while and coming back at once only waits out another timeout.
     */
    EQUAL {
        @Override
        long delayNanos(long ceilingNanos, RandomGenerator random) {
            long half = ceilingNanos / 2;
            long rest = ceilingNanos - half;
            return rest <= 0 ? half : half + random.nextLong(rest);
        }
    },

    /** The ceiling itself: predictable, and the most likely to collide again. */
    NONE {
        @Override
        long delayNanos(long ceilingNanos, RandomGenerator random) {
            return Math.max(0, ceilingNanos);
        }
    };

    /** The pause for an exponential {@code ceilingNanos}: from 0 inclusive to {@code ceilingNanos}. */
    abstract long delayNanos(long ceilingNanos, RandomGenerator random);
}
