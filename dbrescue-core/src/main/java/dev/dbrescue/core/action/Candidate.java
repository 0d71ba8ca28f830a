package dev.dbrescue.core.action;

import dev.dbrescue.core.model.Session;

import java.util.List;

/**
 * A session the policy selected, as the snapshot showed it, and why.
 *
 * @param reasons one per included selector, in the order given ("root blocker: 4 sessions wait behind it", ...)
 */
public record Candidate(SessionFacts facts, List<String> reasons) {

    public Candidate {
        reasons = List.copyOf(reasons);
    }

    public Session session() {
        return facts.session();
    }

    public long id() {
        return facts.session().id();
    }
}
