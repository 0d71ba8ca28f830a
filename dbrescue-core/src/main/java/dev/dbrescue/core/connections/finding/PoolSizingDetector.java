package dev.dbrescue.core.connections.finding;

import dev.dbrescue.core.connections.ConnectionLimits;
import dev.dbrescue.core.connections.Dimension;
import dev.dbrescue.core.model.Finding;
import dev.dbrescue.core.model.FindingKind;
import dev.dbrescue.core.model.Session;
import dev.dbrescue.core.model.Severity;

import java.util.List;

/**
 * {@code pool-sizing}: near the limit while most connections do nothing. The connections are not needed for the work
 * (few run a statement) but for the pools' sizes: their sum over every client host must fit under max_connections.
 * A pooler multiplexes many client connections over a few server connections (seed 01: 1,000 application
 * connections served by 20 PostgreSQL connections through PgBouncer). Advice: info.
 */
final class PoolSizingDetector implements ConnectionsDetector {

    /** Keep this share of max_connections free for administrators, migrations and dbrescue. */
    static final double SPARE = 0.1;

    @Override
    public List<Finding> detect(ConnectionsContext context) {
        ConnectionLimits limits = context.limits();
        List<Session> sessions = context.sessions();
        long idle = sessions.stream().filter(ConnectionsContext::idle).count();
        if (limits.usedRatio() < context.options().nearLimit() || sessions.isEmpty() || idle * 2 < sessions.size()) {
            return List.of();
        }
        int busy = (int) sessions.stream().filter(Session::busy).count();
        long hosts = sessions.stream().map(Session::host).filter(h -> h != null).distinct().count();
        long budget = (long) Math.floor(limits.max() * (1 - SPARE));
        String perHost = hosts > 0 ? " For every pool to fit under max_connections with " + Math.round(SPARE * 100)
                + "% to spare, the pools of the " + ConnectionsContext.count(hosts, "client host") + " may add up to " + budget
                + ": about " + Math.max(1, budget / hosts) + " per host." : "";
        return List.of(new Finding(FindingKind.POOL_SIZING, Severity.INFO, List.of(),
                "Only " + busy + " of " + sessions.size() + " connections run a statement; " + idle
                        + " sit idle, most likely in client-side pools sized for more than the load.",
                List.of("By client host: " + ConnectionsContext.largest(sessions, Dimension.HOST, 5) + "." + perHost,
                        "A pooler needs far fewer server connections: " + context.advice().pooler(busy) + "."),
                "Lower the applications' pool sizes (maximum and minimum idle), or put " + context.advice().poolerName() + " in front."));
    }
}
