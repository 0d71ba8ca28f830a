package dev.dbrescue.app;

import dev.dbrescue.core.analysis.LocksOptions;
import dev.dbrescue.core.analysis.LocksReport;
import dev.dbrescue.core.connect.Connector;
import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.render.LocksRenderer;
import dev.dbrescue.core.render.OutputFormat;
import dev.dbrescue.core.target.ClientEnvironment;
import dev.dbrescue.core.target.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
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

    @Parameters(index = "0", paramLabel = "TARGET",
            description = "mysql://, mariadb://, postgresql:// or postgres:// user[:password]@host[:port][/db], or a jdbc: URL.")
    String target;

    @Option(names = "--format", defaultValue = "text", description = "text (default) or json.",
            converter = FormatOption.Converter.class)
    OutputFormat format;

    @Option(names = "--watch", paramLabel = "SECONDS", description = "Redraw every SECONDS until Ctrl-C, like top.")
    Double watchSeconds;

    @Option(names = "--long-transaction", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "A transaction open longer than this is a long-transaction finding (default 60s).")
    Duration longTransaction;

    @Option(names = "--convoy-waiters", paramLabel = "N", defaultValue = "5",
            description = "This many waiters on one lock make a lock-convoy finding (default 5).")
    int convoyWaiters;

    @Override
    public Integer call() throws Exception {
        if (watchSeconds != null && watchSeconds <= 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--watch takes a positive number of seconds");
        }
        if (convoyWaiters < 2) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--convoy-waiters must be 2 or more");
        }
        LocksOptions options = LocksOptions.defaults().withLongTransaction(longTransaction).withConvoyWaiters(convoyWaiters);
        PrintWriter out = spec.commandLine().getOut();
        LocksRenderer renderer = LocksRenderer.of(format);
        try (ServerConnection connection = new Connector(ClientEnvironment.current()).open(Target.parse(target))) {
            Diagnosis diagnosis = new Diagnosis(connection, options);
            if (watchSeconds == null) {
                LocksReport report = diagnosis.sample();
                renderer.render(report, out);
                return report.blocked() ? 1 : 0;
            }
            return watch(diagnosis, renderer, out);
        }
    }

    /**
     * Redraws in place until Ctrl-C (which ends the JVM) or until the thread is interrupted; the exit code is that of
     * the last sample. Samples stay at least 0.1 s apart anyway: InnoDB refreshes its lock tables only after 0.1 s
     * without readers, so faster polling would freeze them for everyone.
     */
    private int watch(Diagnosis diagnosis, LocksRenderer renderer, PrintWriter out) throws Exception {
        boolean terminal = System.console() != null && format == OutputFormat.TEXT;
        int exitCode = 0;
        while (!Thread.currentThread().isInterrupted()) {
            LocksReport report = diagnosis.sample();
            exitCode = report.blocked() ? 1 : 0;
            if (terminal) {
                out.print("\033[H\033[2J"); // cursor home, clear screen
            }
            renderer.render(report, out);
            if (!terminal) {
                out.println();
            }
            out.flush();
            try {
                Thread.sleep(Math.max(150, Math.round(watchSeconds * 1000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return exitCode;
    }
}
