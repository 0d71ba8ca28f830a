package dev.dbrescue.core.model;

/**
 * Why a waiter waits for a blocker.
 * HARD: the blocker holds a lock that conflicts with the request.
 * QUEUED: the blocker only waits ahead of the waiter in the same lock queue, with a conflicting request
 * (PostgreSQL's "soft" blocking; the MySQL metadata-lock queue).
 */
public enum WaitKind {
    HARD, QUEUED;

    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
