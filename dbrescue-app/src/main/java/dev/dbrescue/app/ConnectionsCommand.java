package dev.dbrescue.app;

import dev.dbrescue.core.connect.Connector;
import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.connections.ConnectionsOptions;
import dev.dbrescue.core.connections.ConnectionsReport;
import dev.dbrescue.core.render.ConnectionsRenderer;
import dev.dbrescue.core.target.ClientEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code dbrescue connections TARGET}: used against allowed, who holds the connections, and what to do. Prints
 * first-aid SQL; never executes it.
 */
@Command(name = "connections", mixinStandardHelpOptions = true,
        description = {"Count a live server's connections against its limit, break them down by user, client host,",
                "database, application and state, and name leaks, idle transactions and missing timeouts, with the SQL.",
                "Exit code: 0 no warning, 1 a finding of warning severity or worse, 2 and up errors."})
final class ConnectionsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    SampleOptions sampling;

    @Option(names = "--near-limit", paramLabel = "PERCENT", defaultValue = "80",
            description = "Used connections at or above this share of the limit are a warning (default 80; critical from 95).")
    double nearLimitPercent;

    @Option(names = "--idle-in-transaction", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "A session idle in a transaction this long is a finding even when it blocks nobody (default 60s).")
    Duration idleInTransaction;

    @Option(names = "--long-idle", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = "Sessions idle this long count towards a connection leak (default 5m).")
    Duration longIdle;

    @Option(names = "--leak-sessions", paramLabel = "N", defaultValue = "10",
            description = "This many long-idle sessions from one client host or application make a leak suspect (default 10).")
    int leakSessions;

    @Override
    public Integer call() throws Exception {
        sampling.check(spec);
        if (!(nearLimitPercent > 0 && nearLimitPercent <= 100)) {
            throw new ParameterException(spec.commandLine(), "--near-limit takes a percentage above 0 and at most 100");
        }
        if (leakSessions < 1) {
            throw new ParameterException(spec.commandLine(), "--leak-sessions must be 1 or more");
        }
        ConnectionsOptions options = ConnectionsOptions.defaults().withNearLimit(nearLimitPercent / 100)
                .withIdleInTransaction(idleInTransaction).withLongIdle(longIdle).withLeakSessions(leakSessions);
        ConnectionsRenderer renderer = ConnectionsRenderer.of(sampling.format);
        try (ServerConnection connection = new Connector(ClientEnvironment.current()).open(sampling.target())) {
            ConnectionsDiagnosis diagnosis = new ConnectionsDiagnosis(connection, options);
            return sampling.run(o -> {
                ConnectionsReport report = diagnosis.sample();
                renderer.render(report, o);
                return report.alarming() ? 1 : 0;
            }, spec);
        }
    }
}
