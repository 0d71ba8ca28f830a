package dev.dbrescue.bench;

import dev.dbrescue.core.connect.Connector;
import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.connections.ConnectionsAnalysis;
import dev.dbrescue.core.connections.ConnectionsOptions;
import dev.dbrescue.core.connections.ConnectionsReport;
import dev.dbrescue.core.connections.ConnectionsSnapshot;
import dev.dbrescue.core.connections.Dimension;
import dev.dbrescue.core.connections.SessionGroup;
import dev.dbrescue.core.model.FindingKind;
import dev.dbrescue.core.model.Severity;
import dev.dbrescue.core.spi.ConnectionsReader;
import dev.dbrescue.core.target.ClientEnvironment;
import dev.dbrescue.core.target.Target;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Issue 4, part 4: one {@code dbrescue connections} sample (the product's {@link ConnectionsReader} on a session
 * opened by the product's {@link Connector}) and its analysis ({@link ConnectionsAnalysis}), on a server with 1,000
 * sessions: the lock benchmark's incident ({@link Incident}, {@link Shape}), whose 500 waiting sessions make the
 * reader fetch lock waits too, the costly case. Every timed run is preceded by a pause, as in {@link LocksBench}
 * (MariaDB's INNODB_TRX cache).
 * <pre>
 * ConnectionsBench [postgres] [mariadb] [--roots 100] [--warmup 5] [--runs 21] [--pause-ms 200] [--hold SECONDS]
 * </pre>
 * Exits 0 when measured, 2 when the incident could not be built or was not seen as built.
 */
public final class ConnectionsBench {

    record Result(String engine, int sessions, long used, int waiting, long blockingIdleTransactions, int queryCount,
                  double firstRunMs, Stats sample, Stats analysis, Stats total, List<StatementTimer.Entry> breakdown,
                  Map<String, Long> findingCounts, String loadBefore, String loadAfter) {
    }

    public static void main(String[] args) {
        BenchOptions options = BenchOptions.parseOrExit(args, "ConnectionsBench");
        Runtime rt = Runtime.getRuntime();
        System.out.println("dbrescue connections benchmark: " + rt.availableProcessors() + " CPUs, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", max heap "
                + rt.maxMemory() / (1024 * 1024) + " MB; load before starting: " + LocksBench.loadAverage());
        List<Result> results = new ArrayList<>();
        int exit = options.eachEngine(engine -> run(engine, options), ConnectionsBench::print, r -> true, results);
        summary(results);
        System.out.flush();
        System.exit(exit);
    }

    private static Result run(String engine, BenchOptions options) throws Exception {
        Shape shape = options.shape();
        System.out.println();
        System.out.println("== " + engine + ": starting an embedded server for " + shape.sessions() + " sessions");
        try (BenchServer server = engine.equals("postgres") ? PostgresBenchServer.start(shape) : MariaDbBenchServer.start(shape);
             Incident incident = Incident.build(server, shape)) {
            System.out.println("  " + server.label() + " at " + server.uri());
            Result result = measure(server, incident, options);
            if (options.holdSeconds() > 0) {
                System.out.println("  holding the incident for " + options.holdSeconds() + " s at " + server.uri());
                Thread.sleep(options.holdSeconds() * 1000);
            }
            return result;
        }
    }

    private static Result measure(BenchServer server, Incident incident, BenchOptions options) throws Exception {
        try (ServerConnection conn = new Connector(ClientEnvironment.current()).open(Target.parse(server.uri()))) {
            System.out.println("  dbrescue connected: " + conn.server());
            String loadBefore = LocksBench.loadAverage();
            ConnectionsOptions defaults = ConnectionsOptions.defaults();
            ConnectionsReader reader = conn.family().connectionsReader(conn.server());

            // The first run: a cold connection and a cold JIT, as for a one-shot `dbrescue connections`.
            options.pause();
            long t0 = System.nanoTime();
            ConnectionsReport first = ConnectionsAnalysis.analyze(reader.read(conn.connection()), defaults);
            long t1 = System.nanoTime();
            verify(incident, options.shape(), first);

            for (int i = 0; i < options.warmup(); i++) {
                options.pause();
                ConnectionsAnalysis.analyze(reader.read(conn.connection()), defaults);
            }
            List<Long> sampleNanos = new ArrayList<>();
            List<Long> analysisNanos = new ArrayList<>();
            List<Long> totalNanos = new ArrayList<>();
            ConnectionsReport last = null;
            for (int i = 0; i < options.runs(); i++) {
                options.pause();
                long a = System.nanoTime();
                ConnectionsSnapshot sample = reader.read(conn.connection());
                long b = System.nanoTime();
                last = ConnectionsAnalysis.analyze(sample, defaults);
                long c = System.nanoTime();
                sampleNanos.add(b - a);
                analysisNanos.add(c - b);
                totalNanos.add(c - a);
            }
            verify(incident, options.shape(), last);
            incident.checkWaiters();

            // Where the sample's time goes: the same reader through a proxy that times each statement.
            StatementTimer timer = new StatementTimer();
            Connection timed = timer.wrap(conn.connection());
            for (int i = 0; i < options.warmup() + options.runs(); i++) {
                options.pause();
                reader.read(timed);
            }
            Map<String, Long> findingCounts = last.findings().stream().collect(Collectors.groupingBy(
                    f -> f.kind().jsonName() + " " + f.severity().jsonName(), TreeMap::new, Collectors.counting()));
            long blocking = last.findings(FindingKind.IDLE_IN_TRANSACTION).stream()
                    .filter(f -> f.severity() == Severity.CRITICAL).count();
            return new Result(server.label(), last.snapshot().sessions().sessions().size(), last.limits().used(),
                    waiting(last), blocking, last.snapshot().queryCount(), (t1 - t0) / 1e6, Stats.ofNanos(sampleNanos),
                    Stats.ofNanos(analysisNanos), Stats.ofNanos(totalNanos), LocksBench.dropWarmup(timer.entries(), options.warmup()),
                    findingCounts, loadBefore, LocksBench.loadAverage());
        }
    }

    private static int waiting(ConnectionsReport report) {
        return report.groups(Dimension.USER).stream().mapToInt(SessionGroup::waiting).sum();
    }

    /**
     * Fails loudly unless the report shows the incident as built: every session (the incident's and its set-up
     * session), the server's count with dbrescue's own, the 500 waiting, and each root blocker as an idle
     * transaction blocking its five.
     */
    static void verify(Incident incident, Shape shape, ConnectionsReport report) {
        List<String> problems = new ArrayList<>();
        int sessions = report.snapshot().sessions().sessions().size();
        if (sessions != shape.sessions() + 1) {
            problems.add("sessions: saw " + sessions + ", built " + shape.sessions() + " and the set-up session");
        }
        if (report.limits().used() != sessions + 1L) {
            problems.add("the server counts " + report.limits().used() + " connections, the report lists " + sessions + " and its own");
        }
        if (waiting(report) != shape.waiters()) {
            problems.add("waiting sessions: saw " + waiting(report) + ", built " + shape.waiters());
        }
        List<Long> blockingRoots = report.findings(FindingKind.IDLE_IN_TRANSACTION).stream()
                .filter(f -> f.sessionIds().size() == 1 + Shape.WAITERS_PER_ROOT).map(f -> f.sessionIds().get(0)).toList();
        if (!new HashSet<>(blockingRoots).equals(incident.rootIds())) {
            problems.add("idle transactions blocking five: saw " + blockingRoots.size() + ", built " + incident.rootIds().size());
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The report does not show the incident as built: " + String.join("; ", problems));
        }
    }

    private static String f(double ms) {
        return Stats.format(ms);
    }

    private static void print(Result r) {
        System.out.println();
        System.out.println("### " + r.engine());
        System.out.println();
        System.out.printf("dbrescue saw %d sessions (%d connections counted by the server), %d waiting, %d idle transactions"
                + " blocking others; findings: %s%n", r.sessions(), r.used(), r.waiting(), r.blockingIdleTransactions(), r.findingCounts());
        System.out.println();
        System.out.println("| measure | median ms | p90 ms | min ms | max ms |");
        System.out.println("|---|---:|---:|---:|---:|");
        Map<String, Stats> rows = new LinkedHashMap<>();
        rows.put("sample (" + r.queryCount() + " queries)", r.sample());
        rows.put("analysis", r.analysis());
        rows.put("sample + analysis", r.total());
        rows.forEach((name, s) -> System.out.printf("| %s | %s | %s | %s | %s |%n", name, f(s.medianMs()), f(s.p90Ms()),
                f(s.minMs()), f(s.maxMs())));
        System.out.printf("first sample + analysis (cold connection and JIT): %s ms%n", f(r.firstRunMs()));
        System.out.println();
        StatementTimer.printTable(r.breakdown());
        System.out.println();
        System.out.println("Load average (1, 5, 15 min) before measuring: " + r.loadBefore() + "; after: " + r.loadAfter());
    }

    private static void summary(List<Result> results) {
        if (results.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.println("## Summary");
        System.out.println();
        System.out.println("| engine | sessions | sample + analysis median ms | p90 | sample median ms | analysis median ms | queries | load before / after |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---|");
        for (Result r : results) {
            System.out.printf("| %s | %d | %s | %s | %s | %s | %d | %s / %s |%n", r.engine(), r.sessions(), f(r.total().medianMs()),
                    f(r.total().p90Ms()), f(r.sample().medianMs()), f(r.analysis().medianMs()), r.queryCount(),
                    r.loadBefore(), r.loadAfter());
        }
    }

    private ConnectionsBench() {
    }
}
