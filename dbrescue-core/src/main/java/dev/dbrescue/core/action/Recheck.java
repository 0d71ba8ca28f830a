package dev.dbrescue.core.action;

import dev.dbrescue.core.spi.LiveSession;

import java.util.Optional;
import java.util.Set;

/**
 * Is a selected session still the one the policy chose? Asked right before acting, on the session as it is now.
 * Pure. A session that ended is {@link KillResult#GONE}; one that changed is {@link KillResult#CHANGED} and left
 * alone: the next run (or the next poll of {@code --watch}) decides again on fresh facts.
 */
final class Recheck {

    /** The verdict: {@code result} null means go ahead. */
    record Verdict(KillResult result, String detail) {
        static final Verdict GO = new Verdict(null, null);

        boolean go() {
            return result == null;
        }
    }

    private Recheck() {
    }

    static Verdict check(Candidate candidate, KillPolicy policy, Set<String> privilegedUsers, Optional<LiveSession> look) {
        if (look.isEmpty()) {
            return new Verdict(KillResult.GONE, "it ended before dbrescue acted");
        }
        LiveSession live = look.get();
        if (!live.sameSession()) {
            return new Verdict(KillResult.GONE, "it ended; its id now belongs to another session, which was left alone");
        }
        boolean hadTransaction = candidate.session().inTransaction();
        if (policy.aboutTransaction() && hadTransaction && !live.sameTransaction()) {
            return new Verdict(KillResult.CHANGED, "its transaction ended since it was selected"
                    + (live.now().inTransaction() ? " and a new one began" : ""));
        }
        if (policy.aboutLocks() && !live.unchanged()) {
            // Who blocks whom was read from the snapshot: once the session has run something, its locks may differ.
            return new Verdict(KillResult.CHANGED, "it ran another statement since it was selected, so it may no longer hold the same locks");
        }
        String failure = policy.failure(candidate.facts().withSession(live.now()));
        if (failure != null) {
            return new Verdict(KillResult.CHANGED, "it changed since it was selected: " + failure);
        }
        String protection = KillSelection.protection(live.now(), policy, privilegedUsers);
        if (protection != null) {
            return new Verdict(KillResult.CHANGED, "it changed since it was selected: now " + protection);
        }
        return Verdict.GO;
    }
}
