package dev.dbrescue.mysql;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The metadata lock (MDL) compatibility matrices of sql/mdl.cc (MySQL 8: MDL_object_lock and MDL_scoped_lock
 * m_granted_incompatible / m_waiting_incompatible; MariaDB's are the same without SHARED_WRITE_LOW_PRIO). See also
 * https://dev.mysql.com/doc/refman/8.0/en/metadata-locking.html.
 *
 * <p>Two questions: may a request be granted while another session holds a lock of some type (the granted matrix:
 * a conflict there is a HARD wait), and may it be granted while another request of some type waits (the waiting,
 * or priority, matrix: a conflict there is a QUEUED wait). The priority check in MDL_lock::can_grant_lock() looks
 * at the types of all waiting requests, not only earlier ones, so queue position does not matter, and the matrix
 * has no cycles (a type never has priority over a type that has priority over it).
 *
 * <p>Not modelled: the max_write_lock_count switch to the "piglet/hog" matrices that lets weak locks past strong
 * ones after many strong grants in a row (default max_write_lock_count is 2^64-1, i.e. never), and MariaDB's
 * BACKUP namespace (FLUSH TABLES WITH READ LOCK, BACKUP STAGE), whose modes are treated as unknown.
 */
final class MdlCompatibility {

    /** Lock types as performance_schema.metadata_locks.LOCK_TYPE prints them (METADATA_LOCK_INFO adds "MDL_"). */
    enum Mode {
        INTENTION_EXCLUSIVE, SHARED, SHARED_HIGH_PRIO, SHARED_READ, SHARED_WRITE, SHARED_WRITE_LOW_PRIO,
        SHARED_UPGRADABLE, SHARED_READ_ONLY, SHARED_NO_WRITE, SHARED_NO_READ_WRITE, EXCLUSIVE;

        /** {@code MDL_SHARED_READ} or {@code SHARED_READ}; empty for modes this matrix does not know. */
        static Optional<Mode> parse(String text) {
            if (text == null) {
                return Optional.empty();
            }
            String t = normalize(text);
            for (Mode m : values()) {
                if (m.name().equals(t)) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        }
    }

    /** Namespaces that use the scoped (IX / S / X) strategy in MySQL 8 MDL_lock::get_strategy(); the rest are objects. */
    private static final Set<String> SCOPED_OBJECT_TYPES = Set.of(
            "GLOBAL", "SCHEMA", "COMMIT", "TABLESPACE", "BACKUP LOCK", "RESOURCE_GROUPS", "FOREIGN KEY", "CHECK CONSTRAINT");

    private static final Map<Mode, Set<Mode>> OBJECT_GRANTED = Map.ofEntries(
            Map.entry(Mode.SHARED, EnumSet.of(Mode.EXCLUSIVE)),
            Map.entry(Mode.SHARED_HIGH_PRIO, EnumSet.of(Mode.EXCLUSIVE)),
            Map.entry(Mode.SHARED_READ, EnumSet.of(Mode.SHARED_NO_READ_WRITE, Mode.EXCLUSIVE)),
            Map.entry(Mode.SHARED_WRITE, EnumSet.of(Mode.SHARED_READ_ONLY, Mode.SHARED_NO_WRITE, Mode.SHARED_NO_READ_WRITE,
                    Mode.EXCLUSIVE)),
            Map.entry(Mode.SHARED_WRITE_LOW_PRIO, EnumSet.of(Mode.SHARED_READ_ONLY, Mode.SHARED_NO_WRITE,
                    Mode.SHARED_NO_READ_WRITE, Mode.EXCLUSIVE)),
            Map.entry(Mode.SHARED_UPGRADABLE, EnumSet.of(Mode.SHARED_UPGRADABLE, Mode.SHARED_NO_WRITE,
                    Mode.SHARED_NO_READ_WRITE, Mode.EXCLUSIVE)),
            Map.entry(Mode.SHARED_READ_ONLY, EnumSet.of(Mode.SHARED_WRITE, Mode.SHARED_WRITE_LOW_PRIO,
                    Mode.SHARED_NO_READ_WRITE, Mode.EXCLUSIVE)),
            Map.entry(Mode.SHARED_NO_WRITE, EnumSet.of(Mode.SHARED_WRITE, Mode.SHARED_WRITE_LOW_PRIO, Mode.SHARED_UPGRADABLE,
                    Mode.SHARED_NO_WRITE, Mode.SHARED_NO_READ_WRITE, Mode.EXCLUSIVE)),
            Map.entry(Mode.SHARED_NO_READ_WRITE, EnumSet.of(Mode.SHARED_READ, Mode.SHARED_WRITE, Mode.SHARED_WRITE_LOW_PRIO,
                    Mode.SHARED_UPGRADABLE, Mode.SHARED_READ_ONLY, Mode.SHARED_NO_WRITE, Mode.SHARED_NO_READ_WRITE,
                    Mode.EXCLUSIVE)),
            Map.entry(Mode.EXCLUSIVE, EnumSet.of(Mode.SHARED, Mode.SHARED_HIGH_PRIO, Mode.SHARED_READ, Mode.SHARED_WRITE,
                    Mode.SHARED_WRITE_LOW_PRIO, Mode.SHARED_UPGRADABLE, Mode.SHARED_READ_ONLY, Mode.SHARED_NO_WRITE,
                    Mode.SHARED_NO_READ_WRITE, Mode.EXCLUSIVE)));

    /** Pending request types that a request of the key's type must let go first. */
    private static final Map<Mode, Set<Mode>> OBJECT_WAITING = Map.ofEntries(
            Map.entry(Mode.SHARED, EnumSet.of(Mode.EXCLUSIVE)),
            Map.entry(Mode.SHARED_HIGH_PRIO, EnumSet.noneOf(Mode.class)),
            Map.entry(Mode.SHARED_READ, EnumSet.of(Mode.SHARED_NO_READ_WRITE, Mode.EXCLUSIVE)),
            Map.entry(Mode.SHARED_WRITE, EnumSet.of(Mode.SHARED_NO_WRITE, Mode.SHARED_NO_READ_WRITE, Mode.EXCLUSIVE)),
            Map.entry(Mode.SHARED_WRITE_LOW_PRIO, EnumSet.of(Mode.SHARED_READ_ONLY, Mode.SHARED_NO_WRITE,
                    Mode.SHARED_NO_READ_WRITE, Mode.EXCLUSIVE)),
            Map.entry(Mode.SHARED_UPGRADABLE, EnumSet.of(Mode.EXCLUSIVE)),
            Map.entry(Mode.SHARED_READ_ONLY, EnumSet.of(Mode.SHARED_WRITE, Mode.SHARED_NO_READ_WRITE, Mode.EXCLUSIVE)),
            Map.entry(Mode.SHARED_NO_WRITE, EnumSet.of(Mode.EXCLUSIVE)),
            Map.entry(Mode.SHARED_NO_READ_WRITE, EnumSet.of(Mode.EXCLUSIVE)),
            Map.entry(Mode.EXCLUSIVE, EnumSet.noneOf(Mode.class)));

    private static final Map<Mode, Set<Mode>> SCOPED_GRANTED = Map.of(
            Mode.INTENTION_EXCLUSIVE, EnumSet.of(Mode.SHARED, Mode.EXCLUSIVE),
            Mode.SHARED, EnumSet.of(Mode.INTENTION_EXCLUSIVE, Mode.EXCLUSIVE),
            Mode.EXCLUSIVE, EnumSet.of(Mode.INTENTION_EXCLUSIVE, Mode.SHARED, Mode.EXCLUSIVE));

    private static final Map<Mode, Set<Mode>> SCOPED_WAITING = Map.of(
            Mode.INTENTION_EXCLUSIVE, EnumSet.of(Mode.SHARED, Mode.EXCLUSIVE),
            Mode.SHARED, EnumSet.of(Mode.EXCLUSIVE),
            Mode.EXCLUSIVE, EnumSet.noneOf(Mode.class));

    private MdlCompatibility() {
    }

    /** {@code MDL_SHARED_READ} to {@code SHARED_READ}, upper case. */
    static String normalize(String mode) {
        String m = mode.strip().toUpperCase(Locale.ROOT);
        return m.startsWith("MDL_") ? m.substring(4) : m;
    }

    static boolean scoped(String objectType) {
        return objectType != null && SCOPED_OBJECT_TYPES.contains(objectType.toUpperCase(Locale.ROOT));
    }

    /**
     * Must a request of {@code requested} wait while another session holds {@code granted} on the same object?
     * Unknown modes (e.g. MariaDB's BACKUP_* locks) count as conflicting: a session that waits on an object where
     * someone else holds a lock we cannot classify is more likely held up by it than not, and showing the edge is
     * safer than hiding the blocker.
     */
    static boolean conflictsWithGranted(String objectType, String requested, String granted) {
        Optional<Mode> r = Mode.parse(requested);
        Optional<Mode> g = Mode.parse(granted);
        if (r.isEmpty() || g.isEmpty()) {
            return true;
        }
        Set<Mode> incompatible = (scoped(objectType) ? SCOPED_GRANTED : OBJECT_GRANTED).get(r.get());
        return incompatible == null || incompatible.contains(g.get());
    }

    /**
     * Must a request of {@code requested} let a pending request of {@code pending} go first? Unknown modes count as
     * not: a queue position we cannot justify is not shown.
     */
    static boolean yieldsToPending(String objectType, String requested, String pending) {
        Optional<Mode> r = Mode.parse(requested);
        Optional<Mode> p = Mode.parse(pending);
        if (r.isEmpty() || p.isEmpty()) {
            return false;
        }
        Set<Mode> incompatible = (scoped(objectType) ? SCOPED_WAITING : OBJECT_WAITING).get(r.get());
        return incompatible != null && incompatible.contains(p.get());
    }
}
