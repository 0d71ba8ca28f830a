package dev.dbrescue.app;

import dev.dbrescue.core.analysis.LocksOptions;
import dev.dbrescue.core.analysis.LocksReport;
import dev.dbrescue.core.connect.Connector;
import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.render.TextLocksRenderer;
import dev.dbrescue.core.target.ClientEnvironment;
import dev.dbrescue.core.target.Target;
import dev.dbrescue.testkit.lab.Expectation;
import dev.dbrescue.testkit.lab.Incident;
import dev.dbrescue.testkit.lab.Lab;
import dev.dbrescue.testkit.lab.LabContext;
import dev.dbrescue.testkit.lab.Role;
import dev.dbrescue.testkit.lab.Scenario;
import dev.dbrescue.testkit.server.EmbeddedMariaDb;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code dbrescue demo}: an embedded MariaDB, the lab's incidents one after another, and the live diagnosis of each.
 * Needs nothing installed but a JDK.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start an embedded MariaDB, reproduce incidents one after another and diagnose each live.",
                "Or run it against a test server of yours with --target."})
final class DemoCommand implements Callable<Integer> {

    /** Connections for the embedded server: enough for every scenario, few enough for connection-exhaustion to be quick. */
    private static final String MAX_CONNECTIONS = "--max-connections=60";
    private static final Duration PAUSE_BEFORE_DIAGNOSIS = Duration.ofMillis(1500);

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--scenario", paramLabel = "NAME", split = ",",
            description = "Scenarios to run, comma-separated (default: all; see 'dbrescue lab --list').")
    List<String> scenarioNames;

    @Option(names = "--target", paramLabel = "URL", description = "Use this test server instead of an embedded MariaDB.")
    String target;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<Scenario> scenarios = new ArrayList<>();
        if (scenarioNames == null) {
            scenarios.addAll(Lab.scenarios());
        } else {
            scenarioNames.forEach(name -> scenarios.add(Lab.scenario(name.trim())));
        }
        if (target != null) {
            return runAll(target, scenarios, out);
        }
        out.println("Starting an embedded MariaDB " + EmbeddedMariaDb.VERSION + " (first run unpacks it; a few seconds)...");
        out.flush();
        List<String> settings = new ArrayList<>(EmbeddedMariaDb.METADATA_LOCK_VISIBILITY);
        settings.add(MAX_CONNECTIONS);
        try (EmbeddedMariaDb server = EmbeddedMariaDb.start(settings)) {
            out.println("MariaDB is up at " + server.uri() + " (started in " + server.startupTime().toMillis() + " ms).");
            return runAll(server.uri(), scenarios, out);
        }
    }

    private int runAll(String uri, List<Scenario> scenarios, PrintWriter out) throws Exception {
        Target target = Target.parse(uri);
        Connector connector = new Connector(ClientEnvironment.current());
        int matched = 0;
        for (Scenario scenario : scenarios) {
            out.println();
            out.println("=".repeat(100));
            out.println("Scenario " + scenario.name() + ": " + scenario.description());
            out.println("=".repeat(100));
            out.flush();
            // The lab's step-by-step log would drown the diagnosis: the demo shows the roles and outcomes instead.
            LabContext context = new LabContext(target, connector, Duration.ofSeconds(30), new PrintWriter(java.io.Writer.nullWriter()));
            try (Incident incident = scenario.start(context)) {
                for (Role role : incident.roles()) {
                    out.printf("  lab session %-6d %-12s %s%n", role.sessionId(), role.name(), role.description());
                }
                out.println();
                Thread.sleep(PAUSE_BEFORE_DIAGNOSIS.toMillis()); // let the incident age a little, as a real one would
                out.println("$ dbrescue locks " + target);
                LocksReport report;
                try (ServerConnection connection = connector.open(target)) {
                    report = new Diagnosis(connection, LocksOptions.defaults()).sample();
                }
                new TextLocksRenderer().render(report, out);
                out.println();
                boolean match = matches(incident.expected(), report);
                matched += match ? 1 : 0;
                out.println((match ? "As the lab expected: " : "NOT as the lab expected: ") + incident.expected());
                firstAid(uri, target, scenario, report, out);
                for (String outcome : incident.finish()) {
                    out.println("  " + outcome);
                }
            }
            out.flush();
        }
        out.println();
        out.println(matched + " of " + scenarios.size() + " incidents diagnosed as the lab expected.");
        return matched == scenarios.size() ? 0 : 1;
    }

    /**
     * What the on-call engineer runs next: the connection report when the server is full, and the kill that would end
     * the root blockers, as a dry run (the demo never ends a session; the lab's own ending does).
     */
    private void firstAid(String uri, Target target, Scenario scenario, LocksReport report, PrintWriter out) {
        if (scenario.name().equals("connection-exhaustion")) {
            command(out, uri, target, "connections");
        }
        if (!report.rootBlockers().isEmpty()) {
            // The lab runs as root, a privileged account that kill spares unless told: dry run, nothing ends.
            command(out, uri, target, "kill", "--root-blockers", "--include-superusers");
        }
    }

    private void command(PrintWriter out, String uri, Target target, String... command) {
        out.println();
        out.println("$ dbrescue " + String.join(" ", command) + " " + target);
        out.flush();
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(command), java.util.stream.Stream.of(uri))
                .toArray(String[]::new);
        DbRescue.run(args, out, spec.commandLine().getErr());
        out.flush();
    }

    /** Did the diagnosis name the root blocker, its waiter count and the finding kind the scenario set up? */
    static boolean matches(Expectation expected, LocksReport report) {
        if (expected.rootBlocker() == null) {
            boolean noRoot = report.rootBlockers().isEmpty();
            return expected.kind() == null ? noRoot && !report.blocked()
                    : noRoot && report.findings(expected.kind()).stream().anyMatch(f -> f.sessionIds().size() == expected.waiters());
        }
        boolean root = report.rootBlockers().stream().anyMatch(r -> r.sessionId() == expected.rootBlocker()
                && r.waiters().size() == expected.waiters());
        boolean finding = expected.kind() == null || report.findings(expected.kind()).stream()
                .anyMatch(f -> !f.sessionIds().isEmpty() && f.sessionIds().get(0).equals(expected.rootBlocker()));
        return root && finding;
    }
}
