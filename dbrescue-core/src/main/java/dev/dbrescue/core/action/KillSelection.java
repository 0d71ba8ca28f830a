package dev.dbrescue.core.action;

import dev.dbrescue.core.analysis.WaitForGraph;
import dev.dbrescue.core.model.Limitation;
import dev.dbrescue.core.model.Session;
import dev.dbrescue.core.model.Snapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Applies a {@link KillPolicy} to one snapshot. Pure. dbrescue's own session and the server's own threads are never
 * selected; sessions of privileged accounts only with {@code --include-superusers}. Protected sessions the policy
 * matched are listed as {@link Spared}, so that the user sees why they were left alone.
 */
public final class KillSelection {

    private KillSelection() {
    }

    /**
     * @param privilegedUsers accounts whose sessions count as privileged besides those the snapshot marks
     *                        ({@link Session#superuser()}): on MySQL/MariaDB, who has SUPER or CONNECTION ADMIN
     * @param alreadyEnded    sessions this run has already ended and that are still going away (a long rollback)
     */
    public static Selection select(Snapshot snapshot, KillPolicy policy, Set<String> privilegedUsers, Set<Long> alreadyEnded) {
        WaitForGraph graph = new WaitForGraph(snapshot.waits());
        List<Candidate> selected = new ArrayList<>();
        List<Spared> spared = new ArrayList<>();
        for (Session session : snapshot.sessions()) {
            SessionFacts facts = SessionFacts.of(session, snapshot, graph);
            List<String> reasons = policy.reasons(facts);
            if (reasons == null) {
                continue;
            }
            String why = session.id() == snapshot.ownSessionId() ? "dbrescue's own session"
                    : alreadyEnded.contains(session.id()) ? "already ended by this run; still going away (rolling back)"
                    : protection(session, policy, privilegedUsers);
            if (why == null) {
                selected.add(new Candidate(facts, reasons));
            } else {
                spared.add(new Spared(session, why));
            }
        }
        // The session to deal with first: most sessions behind it, then the oldest transaction.
        selected.sort(Comparator.comparingInt((Candidate c) -> c.facts().waitersBehind()).reversed()
                .thenComparing(c -> c.session().transactionSeconds() == null ? 0.0 : c.session().transactionSeconds(), Comparator.reverseOrder())
                .thenComparingLong(Candidate::id));
        return new Selection(selected, spared, limitations(snapshot, policy));
    }

    /** Why this session must be left alone whatever the policy says, or null. Re-checked again before acting. */
    static String protection(Session session, KillPolicy policy, Set<String> privilegedUsers) {
        if (session.system()) {
            return "the server's own thread or process (replication, event scheduler, background worker, prepared transaction)";
        }
        if (!policy.includeSuperusers() && (session.superuser() || privilegedUsers.contains(session.user()))) {
            return "a privileged account (" + session.user() + "): add --include-superusers to end it too";
        }
        if (policy.mode() == KillMode.QUERY && !session.busy()) {
            return "runs no statement, so there is nothing to cancel: --mode connection ends the session";
        }
        return null;
    }

    private static List<Limitation> limitations(Snapshot snapshot, KillPolicy policy) {
        List<Limitation> limitations = new ArrayList<>();
        boolean byApplication = policy.include().stream()
                .anyMatch(s -> s instanceof Selector.Named n && n.field() == Selector.Named.Field.APPLICATION);
        if (byApplication && snapshot.sessions().stream().allMatch(s -> s.application() == null)) {
            limitations.add(new Limitation("application names", "this server does not tell which application a session"
                    + " belongs to (MySQL and MariaDB have no application_name)", "select by --user, --host or --database instead"));
        }
        boolean byQuery = policy.include().stream().anyMatch(Selector.Query.class::isInstance);
        long unseen = snapshot.sessions().stream().filter(s -> s.query() == null).count();
        if (byQuery && unseen > 0) {
            limitations.add(new Limitation("the statements of " + unseen + " session" + (unseen == 1 ? "" : "s"),
                    "MySQL and MariaDB show a statement only while it runs; PostgreSQL hides other users' statements"
                            + " without pg_read_all_stats", "--query cannot match them; select them by other means"));
        }
        return limitations;
    }
}
