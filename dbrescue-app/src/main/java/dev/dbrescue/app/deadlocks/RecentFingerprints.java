package dev.dbrescue.app.deadlocks;

import java.util.Iterator;
import java.util.LinkedHashSet;

/**
 * The identity fingerprints of the deadlocks recorded most recently, so that a deadlock read again (the same
 * SHOW ENGINE INNODB STATUS polled twice, a log re-read after a restart) is recorded once. Bounded: the oldest are
 * forgotten first; a report old enough to be forgotten is long gone from the status and behind the log's read position.
 */
final class RecentFingerprints {

    static final int DEFAULT_CAPACITY = 10_000;

    private final int capacity;
    private final LinkedHashSet<String> fingerprints = new LinkedHashSet<>();

    RecentFingerprints() {
        this(DEFAULT_CAPACITY);
    }

    RecentFingerprints(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    /** Remembers a fingerprint; true when it was not known. */
    synchronized boolean add(String fingerprint) {
        if (fingerprints.contains(fingerprint)) {
            // Seen again: it is recent again.
            fingerprints.remove(fingerprint);
            fingerprints.add(fingerprint);
            return false;
        }
        fingerprints.add(fingerprint);
        if (fingerprints.size() > capacity) {
            Iterator<String> oldest = fingerprints.iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    synchronized boolean contains(String fingerprint) {
        return fingerprints.contains(fingerprint);
    }

    synchronized int size() {
        return fingerprints.size();
    }
}
