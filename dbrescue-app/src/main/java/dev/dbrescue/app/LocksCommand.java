package dev.dbrescue.app;

import dev.dbrescue.core.analysis.LocksOptions;
import dev.dbrescue.core.analysis.LocksReport;
import dev.dbrescue.core.connect.Connector;
import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.render.LocksRenderer;
import dev.dbrescue.core.target.ClientEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code dbrescue locks TARGET}: who blocks whom, and why. Prints first-aid SQL; never executes it. */
@Command(name = "locks", mixinStandardHelpOptions = true,
        description = {"Show who blocks whom on a live server, why, and the first-aid SQL.",
                "Exit code: 0 nothing blocked, 1 blocking found, 2 and up errors."})
final class LocksCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    SampleOptions sampling;

    @Option(names = "--long-transaction", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "A transaction open longer than this is a long-transaction finding (default 60s).")
    Duration longTransaction;

    @Option(names = "--convoy-waiters", paramLabel = "N", defaultValue = "5",
            description = "This many waiters on one lock make a lock-convoy finding (default 5).")
    int convoyWaiters;

    @Override
    public Integer call() throws Exception {
        sampling.check(spec);
        if (convoyWaiters < 2) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--convoy-waiters must be 2 or more");
        }
        LocksOptions options = LocksOptions.defaults().withLongTransaction(longTransaction).withConvoyWaiters(convoyWaiters);
        LocksRenderer renderer = LocksRenderer.of(sampling.format);
        try (ServerConnection connection = new Connector(ClientEnvironment.current()).open(sampling.target())) {
            Diagnosis diagnosis = new Diagnosis(connection, options);
            return sampling.run(o -> {
                LocksReport report = diagnosis.sample();
                renderer.render(report, o);
                return report.blocked() ? 1 : 0;
            }, spec);
        }
    }
}
