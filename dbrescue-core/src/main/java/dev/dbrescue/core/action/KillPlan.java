package dev.dbrescue.core.action;

import dev.dbrescue.core.model.Limitation;
import dev.dbrescue.core.model.Snapshot;
import dev.dbrescue.core.spi.KillRights;

import java.util.List;

/**
 * What one run of a policy would do: the snapshot it read, the sessions it selected, and whether this account may
 * end them.
 *
 * @param refusal     null when the account may end every selected session (or the server does not say); otherwise
 *                    one line naming the privilege it lacks
 * @param limitations what the snapshot and the selection could not see
 */
public record KillPlan(Snapshot snapshot, KillPolicy policy, Selection selection, KillRights rights, String refusal,
                       List<Limitation> limitations) {

    public KillPlan {
        limitations = List.copyOf(limitations);
    }

    public List<Candidate> selected() {
        return selection.selected();
    }

    public String sql(Candidate candidate) {
        return policy.mode().sql(snapshot.server().engine(), candidate.id());
    }
}
