package dev.dbrescue.core.action;

import java.util.List;

/**
 * One run of a kill policy, for renderers: the plan, and what was done about each selected session.
 *
 * @param actions empty for a dry run; in order of the plan's selection otherwise
 */
public record KillReport(KillPlan plan, Stage stage, List<KillAction> actions) {

    /** How far the run got. */
    public enum Stage {
        /** No --execute: nothing is done. */
        DRY_RUN,
        /** --execute, shown before the question on the terminal: nothing is done yet. */
        CONFIRMING,
        /** Acted on. */
        EXECUTED
    }

    public KillReport {
        actions = List.copyOf(actions);
    }

    public static KillReport dryRun(KillPlan plan) {
        return new KillReport(plan, Stage.DRY_RUN, List.of());
    }

    public static KillReport confirming(KillPlan plan) {
        return new KillReport(plan, Stage.CONFIRMING, List.of());
    }

    public static KillReport executed(KillPlan plan, List<KillAction> actions) {
        return new KillReport(plan, Stage.EXECUTED, actions);
    }

    public boolean executed() {
        return stage == Stage.EXECUTED;
    }

    public long count(KillResult result) {
        return actions.stream().filter(a -> a.result() == result).count();
    }
}
