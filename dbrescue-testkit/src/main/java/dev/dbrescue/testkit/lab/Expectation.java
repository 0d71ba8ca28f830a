package dev.dbrescue.testkit.lab;

import dev.dbrescue.core.model.FindingKind;

/**
 * What {@code dbrescue locks} must report while the incident is held.
 *
 * @param rootBlocker the session at the root of the blocking tree; null when there is none (a pure cycle,
 *                    connection exhaustion, nothing blocked)
 * @param kind        the finding that names the root blocker first (for a cycle: the cycle's finding); null when the
 *                    incident should produce no lock finding
 * @param waiters     sessions waiting behind the root, directly or not; for a cycle, the sessions in the cycle
 */
public record Expectation(Long rootBlocker, FindingKind kind, int waiters) {

    public static Expectation blockedBy(long rootBlocker, FindingKind kind, int waiters) {
        return new Expectation(rootBlocker, kind, waiters);
    }

    public static Expectation cycle(int sessions) {
        return new Expectation(null, FindingKind.DEADLOCK_CYCLE, sessions);
    }

    public static Expectation nothingBlocked() {
        return new Expectation(null, null, 0);
    }
}
