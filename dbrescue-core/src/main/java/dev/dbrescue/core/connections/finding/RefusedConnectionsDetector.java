package dev.dbrescue.core.connections.finding;

import dev.dbrescue.core.analysis.finding.Durations;
import dev.dbrescue.core.connections.ConnectionLimits;
import dev.dbrescue.core.model.Finding;
import dev.dbrescue.core.model.FindingKind;
import dev.dbrescue.core.model.Severity;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code refused-connections}: the server turned connections away for being full. MySQL counts them in
 * Connection_errors_max_connections; MariaDB 10.11.5 left that at 0 when it refused the lab's session beyond the
 * administrator's slot (Aborted_connects counted it), so a Max_used_connections that reached every slot counts as
 * evidence too. PostgreSQL keeps
 * neither (its refusals are only logged). The counters run since the server started, so on their own they are history
 * (info) unless the server is near its limit now (warning); in a watch, a count that grew since the previous sample
 * means clients are refused right now (critical).
 */
final class RefusedConnectionsDetector implements ConnectionsDetector {

    @Override
    public List<Finding> detect(ConnectionsContext context) {
        ConnectionLimits limits = context.limits();
        Long refused = limits.refused();
        boolean counted = refused != null && refused > 0;
        long slots = limits.max() + limits.reserved();
        boolean beenFull = limits.maxUsed() != null && limits.maxUsed() >= slots;
        if (!counted && !beenFull) {
            return List.of();
        }
        List<String> why = new ArrayList<>();
        if (limits.maxUsed() != null) {
            why.add("At most " + limits.maxUsed() + " were connected at once (Max_used_connections); the server is full at " + slots + ".");
        }
        if (limits.abortedConnects() != null) {
            why.add("Aborted_connects is " + limits.abortedConnects()
                    + ": failed connection attempts of every kind (refusals, wrong passwords, handshake timeouts).");
        }
        ConnectionLimits previous = context.previous();
        if (previous != null && counted && previous.refused() != null && refused > previous.refused()) {
            long now = refused - previous.refused();
            return List.of(new Finding(FindingKind.REFUSED_CONNECTIONS, Severity.CRITICAL, List.of(),
                    "The server refused " + ConnectionsContext.count(now, "connection") + " since the previous sample: clients get "
                            + context.advice().refusal() + " now.", why, null));
        }
        String since = limits.uptimeSeconds() == null ? "since it started"
                : "since it started " + Durations.seconds(limits.uptimeSeconds().doubleValue()) + " ago";
        String summary;
        if (counted) {
            summary = "The server has refused " + ConnectionsContext.count(refused, "connection") + " for being full " + since
                    + " (Connection_errors_max_connections).";
        } else {
            summary = "The server has been full " + since + " (Max_used_connections " + limits.maxUsed()
                    + ", every slot): whoever connected then got " + context.advice().refusal() + ".";
            if (refused != null) {
                why.add("Connection_errors_max_connections is 0 all the same: some refusals are counted in Aborted_connects only"
                        + " (seen on MariaDB 10.11).");
            }
        }
        why.add("The counters only grow: watch them (dbrescue connections --watch) to see whether refusals go on.");
        Severity severity = limits.usedRatio() >= context.options().nearLimit() ? Severity.WARNING : Severity.INFO;
        return List.of(new Finding(FindingKind.REFUSED_CONNECTIONS, severity, List.of(), summary, why, null));
    }
}
