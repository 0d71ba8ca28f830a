package dev.dbrescue.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Capped exponential backoff with jitter: before retry {@code n} (1 for the first), the ceiling is
 * {@code min(max, initial * multiplier^(n - 1))} and the pause is drawn from it by {@link Jitter}.
 * With the defaults of {@link DeadlockRetry.Builder} (20 ms, doubling, capped at 1 s, full jitter) the ceilings are
 * 20, 40, 80, 160 ms, ... 1 s.
 *
 * @param initial    the ceiling before the first retry; zero or more
 * @param max        the largest ceiling; at least {@code initial}
 * @param multiplier how much the ceiling grows per retry; 1 or more (1 is a constant ceiling)
 * @param jitter     how the pause is drawn from the ceiling
 */
public record Backoff(Duration initial, Duration max, double multiplier, Jitter jitter) {

    public Backoff {
        Objects.requireNonNull(initial, "initialBackoff");
        Objects.requireNonNull(max, "maxBackoff");
        Objects.requireNonNull(jitter, "jitter");
        if (initial.isNegative()) {
            throw new IllegalArgumentException("initialBackoff must not be negative, was " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("maxBackoff (" + max + ") must be at least initialBackoff (" + initial + ")");
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("backoff multiplier must be a finite number of at least 1, was " + multiplier);
        }
        try {
            max.toNanos();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("maxBackoff is too large to count in nanoseconds: " + max, e);
        }
    }

    /** The exponential ceiling before retry {@code retry} (1 for the first), in nanoseconds, never above {@link #max}. */
    public long ceilingNanos(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retries are numbered from 1, was " + retry);
        }
        long initialNanos = initial.toNanos();
        long maxNanos = max.toNanos();
        if (initialNanos == 0) {
            return 0;
        }
        // In double: initial * multiplier^(retry - 1) overflows long after a few dozen doublings; infinity caps too.
        double ceiling = initialNanos * Math.pow(multiplier, retry - 1);
        return ceiling >= maxNanos ? maxNanos : (long) ceiling;
    }

    /** The pause before retry {@code retry} (1 for the first), drawn with {@link #jitter} from {@code random}. */
    public Duration delay(int retry, RandomGenerator random) {
        return Duration.ofNanos(jitter.delayNanos(ceilingNanos(retry), random));
    }

    @Override
    public String toString() {
        return "Backoff[" + initial.toMillis() + " ms x " + multiplier + " up to " + max.toMillis() + " ms, "
                + jitter.name().toLowerCase(java.util.Locale.ROOT) + " jitter]";
    }
}
