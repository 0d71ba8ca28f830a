package dev.dbrescue.core.action;

import java.util.List;

/**
 * One run of a kill policy, for renderers: the plan, and what was done about each selected session.
 *
 * @param actions empty for a dry run; in order of the plan's selection otherwise
 */
public record KillReport(KillPlan plan, boolean executed, List<KillAction> actions) {

    public KillReport {
        actions = List.copyOf(actions);
    }

    public static KillReport dryRun(KillPlan plan) {
        return new KillReport(plan, false, List.of());
    }

    public long count(KillResult result) {
        return actions.stream().filter(a -> a.result() == result).count();
    }
}
