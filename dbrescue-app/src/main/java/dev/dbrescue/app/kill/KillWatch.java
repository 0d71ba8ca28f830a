package dev.dbrescue.app.kill;

import dev.dbrescue.app.StopSignal;
import dev.dbrescue.core.action.AuditLog;
import dev.dbrescue.core.action.Candidate;
import dev.dbrescue.core.action.KillAction;
import dev.dbrescue.core.action.KillPlan;
import dev.dbrescue.core.action.KillPolicy;
import dev.dbrescue.core.action.KillReport;
import dev.dbrescue.core.action.KillResult;
import dev.dbrescue.core.action.KillRun;
import dev.dbrescue.core.connect.Connector;
import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;
import dev.dbrescue.core.target.Target;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code dbrescue kill --watch}: applies the policy at every poll, as pt-kill does, until Ctrl-C. At most
 * {@code --max-kills-per-minute} sessions are ended in any 60 s; the others are held back to a later poll, where they
 * are re-selected on fresh facts. A lost connection is opened again at the next poll. Ctrl-C waits for the kill in
 * progress to be audited. A refusal by the server (missing privilege) stops the watch: the policy cannot be applied.
 */
final class KillWatch {

    static final Duration MINUTE = Duration.ofMinutes(1);
    static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final KillCommand command;
    private final AuditLog audit;
    private final Duration interval;
    private final Deque<Instant> recentKills = new ArrayDeque<>();
    private final PrintWriter err;

    KillWatch(KillCommand command, AuditLog audit) {
        this.command = command;
        this.audit = audit;
        this.interval = Duration.ofMillis(Math.round(command.watchSeconds * 1000));
        this.err = command.spec.commandLine().getErr();
    }

    /** Runs until Ctrl-C or interruption; the exit code: 8 if a kill failed, 1 if anything was selected, else 0. */
    int run(ServerConnection first, Connector connector, Target target, KillPolicy policy) throws IOException {
        ServerConnection connection = first;
        KillRun run = new KillRun(connection, policy, command.clock);
        boolean selectedAny = false;
        boolean failed = false;
        long ended = 0;
        Set<Long> lastShown = Set.of();
        say((command.execute ? "applying " : "dry run, showing what it would end: ") + policy.describe() + " to " + target
                + " every " + interval.toMillis() / 1000.0 + " s" + (command.execute ? ", ending at most " + command.maxKillsPerMinute
                + " sessions a minute, audited in " + audit.file() : "") + "; Ctrl-C to stop");
        try (StopSignal stop = new StopSignal("dbrescue-kill-stop", STOP_GRACE)) {
            boolean confirmed = !command.execute || command.yes;
            while (!stop.stopping()) {
                if (run == null) {
                    connection = reconnect(connector, target);
                    run = connection == null ? null : new KillRun(connection, policy, command.clock);
                }
                if (run != null) {
                    try {
                        KillPlan plan = run.plan();
                        selectedAny |= !plan.selected().isEmpty();
                        if (!confirmed) {
                            command.render(KillReport.confirming(plan), false);
                            if (!command.confirmation.confirm(command.question(plan, interval))) {
                                return command.declined();
                            }
                            confirmed = true;
                        }
                        if (!command.execute) {
                            lastShown = showIfChanged(plan, lastShown);
                        } else if (!plan.selected().isEmpty()) {
                            List<KillAction> actions = run.act(plan, budget(), audit, stop::stopping);
                            actions.stream().filter(a -> a.result() == KillResult.ENDED).forEach(a -> recentKills.addLast(a.at()));
                            ended += actions.stream().filter(a -> a.result() == KillResult.ENDED).count();
                            failed |= actions.stream().anyMatch(a -> a.result() == KillResult.FAILED);
                            command.render(KillReport.executed(plan, actions), true);
                        }
                    } catch (DbRescueException e) {
                        if (e.code() != ErrorCode.CONNECTION) {
                            throw e;
                        }
                        say("lost the session (" + e.getMessage() + "); connecting again every " + interval.toMillis() / 1000.0 + " s");
                        connection.close();
                        connection = null;
                        run = null;
                    }
                }
                if (stop.await(interval)) {
                    break;
                }
            }
            say("stopped" + (command.execute ? "; ended " + ended + " session" + (ended == 1 ? "" : "s") : ""));
            return failed ? ErrorCode.ACTION_FAILED.exitCode() : selectedAny ? 1 : 0;
        } finally {
            if (connection != null && connection != first) {
                connection.close();
            }
        }
    }

    /** How many more sessions may be ended now without passing the cap in the last 60 s. */
    private int budget() {
        Instant now = command.clock.instant();
        while (!recentKills.isEmpty() && Duration.between(recentKills.peekFirst(), now).compareTo(MINUTE) >= 0) {
            recentKills.removeFirst();
        }
        return Math.max(0, command.maxKillsPerMinute - recentKills.size());
    }

    /** A dry run prints the selection when it changes, not the same list every poll. */
    private Set<Long> showIfChanged(KillPlan plan, Set<Long> lastShown) throws IOException {
        Set<Long> ids = plan.selected().stream().map(Candidate::id).collect(Collectors.toSet());
        if (!ids.isEmpty() && !ids.equals(lastShown)) {
            command.render(KillReport.dryRun(plan), true);
        }
        return ids;
    }

    private ServerConnection reconnect(Connector connector, Target target) {
        try {
            ServerConnection connection = connector.open(target);
            say("connected again to " + target);
            return connection;
        } catch (DbRescueException e) {
            return null;
        }
    }

    private void say(String message) {
        err.println("dbrescue kill: " + message);
        err.flush();
    }
}
