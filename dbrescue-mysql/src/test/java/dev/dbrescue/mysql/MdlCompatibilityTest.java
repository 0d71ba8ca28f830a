package dev.dbrescue.mysql;

import dev.dbrescue.mysql.MdlCompatibility.Mode;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;

class MdlCompatibilityTest {

    private static boolean granted(String requested, String held) {
        return MdlCompatibility.conflictsWithGranted("TABLE", requested, held);
    }

    private static boolean yields(String requested, String pending) {
        return MdlCompatibility.yieldsToPending("TABLE", requested, pending);
    }

    @Test
    void lockTablesWriteWaitsForAReaderButReadersShareWithReaders() {
        assertThat(granted("SHARED_NO_READ_WRITE", "SHARED_READ")).isTrue();
        assertThat(granted("SHARED_READ", "SHARED_READ")).isFalse();
        assertThat(granted("SHARED_WRITE", "SHARED_READ")).isFalse();
    }

    @Test
    void readersQueueBehindPendingWriteLockOrAlter() {
        assertThat(yields("SHARED_READ", "SHARED_NO_READ_WRITE")).isTrue();
        assertThat(yields("SHARED_READ", "EXCLUSIVE")).isTrue();
        assertThat(yields("SHARED_WRITE", "SHARED_NO_WRITE")).isTrue();
        assertThat(yields("SHARED_READ", "SHARED_NO_WRITE")).isFalse(); // SR may pass a pending SNW
        assertThat(yields("SHARED_HIGH_PRIO", "EXCLUSIVE")).isFalse(); // what SHOW / I_S use: never queued
        assertThat(yields("EXCLUSIVE", "SHARED_READ")).isFalse();
    }

    @Test
    void acceptsTheMdlPrefixOfMetadataLockInfo() {
        assertThat(granted("MDL_SHARED_NO_READ_WRITE", "MDL_SHARED_READ")).isTrue();
        assertThat(MdlCompatibility.normalize("mdl_shared_read")).isEqualTo("SHARED_READ");
    }

    @Test
    void exclusiveConflictsWithEverythingAndSharedOnlyWithExclusive() {
        for (Mode m : EnumSet.range(Mode.SHARED, Mode.EXCLUSIVE)) {
            assertThat(granted("EXCLUSIVE", m.name())).as("X vs %s", m).isTrue();
            assertThat(granted("SHARED", m.name())).as("S vs %s", m).isEqualTo(m == Mode.EXCLUSIVE);
        }
    }

    @Test
    void grantedMatrixIsSymmetricForObjectLocks() {
        // Two locks conflict or not whatever order they were taken in (sql/mdl.cc comment: "+"/"-" mirror).
        for (Mode a : EnumSet.range(Mode.SHARED, Mode.EXCLUSIVE)) {
            for (Mode b : EnumSet.range(Mode.SHARED, Mode.EXCLUSIVE)) {
                assertThat(granted(a.name(), b.name())).as("%s vs %s", a, b).isEqualTo(granted(b.name(), a.name()));
            }
        }
    }

    @Test
    void priorityMatrixHasNoCycles() {
        for (Mode a : EnumSet.range(Mode.SHARED, Mode.EXCLUSIVE)) {
            for (Mode b : EnumSet.range(Mode.SHARED, Mode.EXCLUSIVE)) {
                assertThat(yields(a.name(), b.name()) && yields(b.name(), a.name())).as("%s <-> %s", a, b).isFalse();
            }
        }
    }

    @Test
    void scopedLocksUseTheirOwnMatrix() {
        // FLUSH TABLES WITH READ LOCK (global S) blocks writers' global IX, not other S.
        assertThat(MdlCompatibility.conflictsWithGranted("GLOBAL", "INTENTION_EXCLUSIVE", "SHARED")).isTrue();
        assertThat(MdlCompatibility.conflictsWithGranted("GLOBAL", "SHARED", "SHARED")).isFalse();
        assertThat(MdlCompatibility.conflictsWithGranted("SCHEMA", "INTENTION_EXCLUSIVE", "INTENTION_EXCLUSIVE")).isFalse();
        assertThat(MdlCompatibility.yieldsToPending("GLOBAL", "INTENTION_EXCLUSIVE", "SHARED")).isTrue();
    }

    @Test
    void unknownModesConflictWhenGrantedButNeverQueue() {
        assertThat(granted("BACKUP_DDL", "SHARED_READ")).isTrue();
        assertThat(yields("SHARED_READ", "BACKUP_FTWRL1")).isFalse();
    }
}
