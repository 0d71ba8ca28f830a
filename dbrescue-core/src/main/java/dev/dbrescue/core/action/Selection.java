package dev.dbrescue.core.action;

import dev.dbrescue.core.model.Limitation;

import java.util.List;

/**
 * What a policy chose from one snapshot.
 *
 * @param selected    the sessions to end, the one to deal with first at the head
 * @param spared      sessions the policy matched but that are protected
 * @param limitations what the selection could not see, e.g. application names on MySQL
 */
public record Selection(List<Candidate> selected, List<Spared> spared, List<Limitation> limitations) {

    public Selection {
        selected = List.copyOf(selected);
        spared = List.copyOf(spared);
        limitations = List.copyOf(limitations);
    }
}
