package dev.dbrescue.app.deadlocks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecentFingerprintsTest {

    @Test
    void remembersEachFingerprintOnce() {
        RecentFingerprints seen = new RecentFingerprints();
        assertThat(seen.add("a")).isTrue();
        assertThat(seen.add("a")).isFalse();
        assertThat(seen.add("b")).isTrue();
        assertThat(seen.size()).isEqualTo(2);
    }

    @Test
    void forgetsTheLeastRecentlySeenBeyondItsCapacity() {
        RecentFingerprints seen = new RecentFingerprints(3);
        seen.add("a");
        seen.add("b");
        seen.add("c");
        seen.add("a"); // seen again: now the most recent
        seen.add("d"); // evicts b, the least recent
        assertThat(seen.size()).isEqualTo(3);
        assertThat(seen.contains("b")).isFalse();
        assertThat(seen.contains("a")).isTrue();
        assertThat(seen.contains("c")).isTrue();
        assertThat(seen.contains("d")).isTrue();
    }

    @Test
    void defaultCapacityIsTenThousand() {
        RecentFingerprints seen = new RecentFingerprints();
        for (int i = 0; i < 10_001; i++) {
            seen.add("f" + i);
        }
        assertThat(seen.size()).isEqualTo(10_000);
        assertThat(seen.contains("f0")).isFalse();
        assertThat(seen.contains("f10000")).isTrue();
    }
}
