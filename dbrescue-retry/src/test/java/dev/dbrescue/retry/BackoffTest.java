package dev.dbrescue.retry;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BackoffTest {

    private static final long MS = 1_000_000L;

    /** Always the smallest value: nextLong(bound) of the default RandomGenerator then returns 0. */
    private static final RandomGenerator ZEROES = () -> 0L;

    private static Backoff backoff(long initialMs, long maxMs, double multiplier, Jitter jitter) {
        return new Backoff(Duration.ofMillis(initialMs), Duration.ofMillis(maxMs), multiplier, jitter);
    }

    @Test
    void ceilingDoublesFromTheInitialBackoffUpToTheCap() {
        Backoff backoff = backoff(20, 1000, 2.0, Jitter.FULL);
        assertThat(new long[] {backoff.ceilingNanos(1), backoff.ceilingNanos(2), backoff.ceilingNanos(3),
                backoff.ceilingNanos(4), backoff.ceilingNanos(5), backoff.ceilingNanos(6), backoff.ceilingNanos(7),
                backoff.ceilingNanos(8)})
                .containsExactly(20 * MS, 40 * MS, 80 * MS, 160 * MS, 320 * MS, 640 * MS, 1000 * MS, 1000 * MS);
    }

    @Test
    void otherMultipliers() {
        Backoff constant = backoff(50, 1000, 1.0, Jitter.NONE);
        assertThat(constant.ceilingNanos(1)).isEqualTo(50 * MS);
        assertThat(constant.ceilingNanos(30)).isEqualTo(50 * MS);
        Backoff slower = backoff(100, 1000, 1.5, Jitter.NONE);
        assertThat(slower.ceilingNanos(2)).isEqualTo(150 * MS);
        assertThat(slower.ceilingNanos(3)).isEqualTo(225 * MS);
    }

    @Test
    void manyRetriesNeitherOverflowNorPassTheCap() {
        Backoff backoff = backoff(20, 1000, 2.0, Jitter.NONE);
        assertThat(backoff.ceilingNanos(64)).isEqualTo(1000 * MS);
        assertThat(backoff.ceilingNanos(2000)).isEqualTo(1000 * MS);
        assertThat(backoff.ceilingNanos(Integer.MAX_VALUE)).isEqualTo(1000 * MS);
        Backoff huge = new Backoff(Duration.ofDays(1), Duration.ofDays(365), 10.0, Jitter.NONE);
        assertThat(huge.ceilingNanos(Integer.MAX_VALUE)).isEqualTo(Duration.ofDays(365).toNanos());
    }

    @Test
    void zeroInitialBackoffMeansNoPause() {
        Backoff none = new Backoff(Duration.ZERO, Duration.ZERO, 2.0, Jitter.FULL);
        assertThat(none.ceilingNanos(1)).isZero();
        assertThat(none.ceilingNanos(Integer.MAX_VALUE)).isZero();
        assertThat(none.delay(5, new SplittableRandom(1))).isEqualTo(Duration.ZERO);
        assertThat(new Backoff(Duration.ZERO, Duration.ofSeconds(1), 2.0, Jitter.EQUAL).delay(3, ZEROES))
                .isEqualTo(Duration.ZERO);
    }

    @Test
    void noJitterPausesForTheCeiling() {
        Backoff backoff = backoff(20, 1000, 2.0, Jitter.NONE);
        assertThat(backoff.delay(1, new SplittableRandom(7))).isEqualTo(Duration.ofMillis(20));
        assertThat(backoff.delay(3, new SplittableRandom(7))).isEqualTo(Duration.ofMillis(80));
        assertThat(backoff.delay(20, new SplittableRandom(7))).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void fullJitterDrawsFromZeroToTheCeiling() {
        Backoff backoff = backoff(20, 1000, 2.0, Jitter.FULL);
        assertThat(backoff.delay(3, ZEROES)).isEqualTo(Duration.ZERO);
        SplittableRandom random = new SplittableRandom(42);
        long ceiling = 80 * MS;
        long min = Long.MAX_VALUE;
        long max = 0;
        double sum = 0;
        int draws = 20_000;
        for (int i = 0; i < draws; i++) {
            long d = backoff.delay(3, random).toNanos();
            assertThat(d).isBetween(0L, ceiling - 1);
            min = Math.min(min, d);
            max = Math.max(max, d);
            sum += d;
        }
        assertThat(min).isLessThan(ceiling / 100);
        assertThat(max).isGreaterThan(ceiling - ceiling / 100);
        assertThat(sum / draws).isCloseTo(ceiling / 2.0, within(ceiling * 0.02));
    }

    @Test
    void equalJitterDrawsFromHalfTheCeilingToTheCeiling() {
        Backoff backoff = backoff(20, 1000, 2.0, Jitter.EQUAL);
        assertThat(backoff.delay(3, ZEROES)).isEqualTo(Duration.ofMillis(40));
        SplittableRandom random = new SplittableRandom(42);
        long ceiling = 1000 * MS; // retry 10 is capped
        double sum = 0;
        int draws = 20_000;
        long min = Long.MAX_VALUE;
        for (int i = 0; i < draws; i++) {
            long d = backoff.delay(10, random).toNanos();
            assertThat(d).isBetween(ceiling / 2, ceiling - 1);
            min = Math.min(min, d);
            sum += d;
        }
        assertThat(min).isLessThan(ceiling / 2 + ceiling / 100);
        assertThat(sum / draws).isCloseTo(ceiling * 0.75, within(ceiling * 0.02));
    }

    @Test
    void jitterOnATinyCeiling() {
        assertThat(Jitter.FULL.delayNanos(1, new SplittableRandom(3))).isZero();
        assertThat(Jitter.EQUAL.delayNanos(1, new SplittableRandom(3))).isZero(); // half 0, rest 1: random(0, 1) = 0
        assertThat(Jitter.EQUAL.delayNanos(2, ZEROES)).isEqualTo(1);
        assertThat(Jitter.NONE.delayNanos(0, ZEROES)).isZero();
    }

    @Test
    void settingsThatContradictEachOtherAreRefused() {
        assertThatThrownBy(() -> backoff(-1, 1000, 2.0, Jitter.FULL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initialBackoff must not be negative");
        assertThatThrownBy(() -> backoff(500, 100, 2.0, Jitter.FULL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBackoff (PT0.1S) must be at least");
        assertThatThrownBy(() -> backoff(20, 1000, 0.5, Jitter.FULL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiplier");
        assertThatThrownBy(() -> backoff(20, 1000, Double.NaN, Jitter.FULL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiplier");
        assertThatThrownBy(() -> backoff(20, 1000, Double.POSITIVE_INFINITY, Jitter.FULL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiplier");
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(Long.MAX_VALUE), 2.0, Jitter.FULL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too large");
        assertThatThrownBy(() -> backoff(20, 1000, 2.0, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> backoff(20, 1000, 2.0, Jitter.FULL).ceilingNanos(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("numbered from 1");
    }
}
