package dev.dbrescue.app;

import dev.dbrescue.core.connect.Connector;
import dev.dbrescue.core.target.ClientEnvironment;
import dev.dbrescue.core.target.Target;
import dev.dbrescue.testkit.lab.Incident;
import dev.dbrescue.testkit.lab.Lab;
import dev.dbrescue.testkit.lab.LabContext;
import dev.dbrescue.testkit.lab.Role;
import dev.dbrescue.testkit.lab.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code dbrescue lab SCENARIO TARGET}: reproduces an incident with real sessions, holds it, cleans up.
 * Meant for test servers: it creates tables and, for connection-exhaustion, fills the server's connection slots.
 */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = {"Reproduce an incident on a test server with real sessions, hold it, then clean up.",
                "Run 'dbrescue lab --list' for the scenarios. Never point it at production."})
final class LabCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--list", description = "List the scenarios and exit.")
    boolean list;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO", description = "Scenario name, e.g. row-lock-wait.")
    String scenarioName;

    @Parameters(index = "1", arity = "0..1", paramLabel = "TARGET", description = "Test server URL, as for 'locks'.")
    String target;

    @Option(names = "--hold", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long to hold the incident before ending it (default 60s; Ctrl-C ends it sooner).")
    Duration hold;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (list) {
            for (Scenario scenario : Lab.scenarios()) {
                out.printf("%-30s %s%n", scenario.name(), scenario.description());
            }
            return 0;
        }
        if (scenarioName == null || target == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "give a SCENARIO and a TARGET, e.g. dbrescue lab row-lock-wait mysql://root@127.0.0.1:3306/test");
        }
        Scenario scenario = Lab.scenario(scenarioName);
        LabContext context = new LabContext(Target.parse(target), new Connector(ClientEnvironment.current()), hold, out);
        Incident incident = scenario.start(context);
        Thread cleanup = new Thread(incident::close, "dbrescue-lab-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup); // Ctrl-C: roll back, close sessions, drop tables
        try {
            out.println("Incident '" + scenario.name() + "' is running on " + context.target() + ":");
            for (Role role : incident.roles()) {
                out.printf("  session %-8d %-12s %s%n", role.sessionId(), role.name(), role.description());
            }
            out.println("Expected diagnosis: " + incident.expected());
            out.println("Holding for " + hold.toSeconds() + " s (Ctrl-C to end now). Diagnose it from another terminal:");
            out.println("  bin/dbrescue locks " + context.target());
            out.flush();
            Thread.sleep(hold.toMillis());
            for (String outcome : incident.finish()) {
                out.println(outcome);
            }
        } finally {
            incident.close();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running: it will close the incident (close is idempotent)
            }
        }
        out.println("Cleaned up: sessions closed, tables dropped.");
        return 0;
    }
}
