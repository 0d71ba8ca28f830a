package dev.dbrescue.postgres;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The conflict table against "Explicit Locking", Table 13.2 Conflicting Lock Modes, row by row. */
class PostgresLockModeTest {

    private static final List<String> ALL = List.of("AccessShareLock", "RowShareLock", "RowExclusiveLock",
            "ShareUpdateExclusiveLock", "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock");

    @Test
    void everyRowOfTheManualsTable() {
        assertConflicts("AccessShareLock", "AccessExclusiveLock");
        assertConflicts("RowShareLock", "ExclusiveLock", "AccessExclusiveLock");
        assertConflicts("RowExclusiveLock", "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock");
        assertConflicts("ShareUpdateExclusiveLock", "ShareUpdateExclusiveLock", "ShareLock", "ShareRowExclusiveLock",
                "ExclusiveLock", "AccessExclusiveLock");
        assertConflicts("ShareLock", "RowExclusiveLock", "ShareUpdateExclusiveLock", "ShareRowExclusiveLock",
                "ExclusiveLock", "AccessExclusiveLock");
        assertConflicts("ShareRowExclusiveLock", "RowExclusiveLock", "ShareUpdateExclusiveLock", "ShareLock",
                "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock");
        assertConflicts("ExclusiveLock", "RowShareLock", "RowExclusiveLock", "ShareUpdateExclusiveLock", "ShareLock",
                "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock");
        assertConflicts("AccessExclusiveLock", ALL.toArray(String[]::new));
    }

    @Test
    void conflictIsSymmetric() {
        for (String a : ALL) {
            for (String b : ALL) {
                assertThat(PostgresLockMode.conflict(a, b)).as(a + " vs " + b).isEqualTo(PostgresLockMode.conflict(b, a));
            }
        }
    }

    @Test
    void seed04SelectAgainstLockTable() {
        // SELECT takes ACCESS SHARE; LOCK TABLE without a mode asks for ACCESS EXCLUSIVE.
        assertThat(PostgresLockMode.conflict("AccessShareLock", "AccessExclusiveLock")).isTrue();
        assertThat(PostgresLockMode.conflict("AccessShareLock", "AccessShareLock")).isFalse();
    }

    @Test
    void predicateLocksAndUnknownModesNeverConflict() {
        for (String mode : ALL) {
            assertThat(PostgresLockMode.conflict("SIReadLock", mode)).isFalse();
            assertThat(PostgresLockMode.conflict(mode, "NoSuchLock")).isFalse();
        }
        assertThat(PostgresLockMode.of("SIReadLock")).isEmpty();
    }

    @Test
    void serverNamesRoundTrip() {
        for (String name : ALL) {
            assertThat(PostgresLockMode.of(name)).get().extracting(PostgresLockMode::serverName).isEqualTo(name);
        }
    }

    private static void assertConflicts(String mode, String... conflicting) {
        List<String> expected = List.of(conflicting);
        for (String other : ALL) {
            assertThat(PostgresLockMode.conflict(mode, other)).as(mode + " vs " + other).isEqualTo(expected.contains(other));
        }
    }
}
