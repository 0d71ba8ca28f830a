package dev.dbrescue.bench;

import dev.dbrescue.core.analysis.LocksAnalysis;
import dev.dbrescue.core.analysis.LocksOptions;
import dev.dbrescue.core.analysis.LocksReport;
import dev.dbrescue.core.analysis.RootBlocker;
import dev.dbrescue.core.connect.Connector;
import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.model.LockWait;
import dev.dbrescue.core.model.Snapshot;
import dev.dbrescue.core.spi.LockSnapshotReader;
import dev.dbrescue.core.target.ClientEnvironment;
import dev.dbrescue.core.target.Target;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Issue 2, "Speed": builds 1,000 sessions, 500 of them waiting, on an embedded server, then times one
 * {@code locks} snapshot (the product's {@link LockSnapshotReader} on a session opened by the product's
 * {@link Connector}) and its analysis ({@link LocksAnalysis}), and, on the same incident, the peers' queries.
 * <pre>
 * LocksBench [postgres] [mariadb] [--roots 100] [--warmup 5] [--runs 21] [--pause-ms 200] [--hold SECONDS]
 * </pre>
 * Every timed run is preceded by a pause: MariaDB refreshes the cache behind INNODB_TRX / INNODB_LOCKS /
 * INNODB_LOCK_WAITS only after 0.1 s without readers (trx0i_s.cc, CACHE_MIN_IDLE_TIME_US), so back-to-back runs
 * would read a stale cache and look faster than any real snapshot. The same pause is kept on PostgreSQL.
 * Exits 0 when the targets are met, 1 when a target is missed, 2 when the incident is not as built.
 */
public final class LocksBench {

    static final double SNAPSHOT_TARGET_MS = 100;
    static final double ANALYSIS_TARGET_MS = 20;

    record PeerResult(BenchServer.TimedQuery query, Stats stats, int rows) {
    }

    record Result(String engine, Shape shape, int sessionsSeen, int waitEdges, int waitingSessions, int rootBlockers,
                  int queryCount, double firstSnapshotMs, double firstAnalysisMs, Stats snapshot, Stats analysis,
                  List<StatementTimer.Entry> breakdown, Map<String, Stats> analysisSteps, List<PeerResult> peers, List<PeerResult> buildingBlocks,
                  List<PeerResult> variants, Map<String, Long> findings, String loadBefore, String loadAfter) {

        boolean targetsMet() {
            return snapshot.medianMs() <= SNAPSHOT_TARGET_MS && analysis.medianMs() <= ANALYSIS_TARGET_MS;
        }
    }

    public static void main(String[] args) {
        BenchOptions options = BenchOptions.parseOrExit(args, "LocksBench");
        printMachine();
        List<Result> results = new ArrayList<>();
        int exit = options.eachEngine(engine -> run(engine, options), LocksBench::print, Result::targetsMet, results);
        summary(results);
        System.out.flush();
        System.exit(exit);
    }

    private static Result run(String engine, BenchOptions options) throws Exception {
        Shape shape = options.shape();
        System.out.println();
        System.out.println("== " + engine + ": starting an embedded server for " + shape.sessions() + " sessions");
        try (BenchServer server = engine.equals("postgres") ? PostgresBenchServer.start(shape) : MariaDbBenchServer.start(shape)) {
            System.out.println("  " + server.label() + " at " + server.uri());
            try (Incident incident = Incident.build(server, shape)) {
                Result result = measure(server, incident, options);
                if (options.holdSeconds() > 0) {
                    // To look at the incident by hand, e.g. to EXPLAIN a statement of the reader.
                    System.out.println("  holding the incident for " + options.holdSeconds() + " s at " + server.uri());
                    Thread.sleep(options.holdSeconds() * 1000);
                    incident.checkWaiters();
                }
                return result;
            }
        }
    }

    private static Result measure(BenchServer server, Incident incident, BenchOptions options) throws Exception {
        Shape shape = options.shape();
        try (ServerConnection conn = new Connector(ClientEnvironment.current()).open(Target.parse(server.uri()))) {
            System.out.println("  dbrescue connected: " + conn.server());
            String loadBefore = loadAverage();
            LockSnapshotReader reader = conn.family().lockSnapshotReader(conn.server());

            // The first snapshot: cold connection, and a cold JIT when this is the JVM's first engine (as for a
            // one-shot `dbrescue locks`). Checked against the incident before anything is timed for the record.
            options.pause();
            long t0 = System.nanoTime();
            Snapshot first = reader.read(conn.connection());
            long t1 = System.nanoTime();
            LocksReport firstReport = LocksAnalysis.analyze(first, LocksOptions.defaults());
            long t2 = System.nanoTime();
            verify(incident, first, firstReport);

            for (int i = 0; i < options.warmup(); i++) {
                options.pause();
                LocksAnalysis.analyze(reader.read(conn.connection()), LocksOptions.defaults());
            }
            List<Long> snapshotNanos = new ArrayList<>();
            List<Long> analysisNanos = new ArrayList<>();
            Snapshot last = null;
            LocksReport lastReport = null;
            for (int i = 0; i < options.runs(); i++) {
                options.pause();
                long a = System.nanoTime();
                last = reader.read(conn.connection());
                long b = System.nanoTime();
                lastReport = LocksAnalysis.analyze(last, LocksOptions.defaults());
                long c = System.nanoTime();
                snapshotNanos.add(b - a);
                analysisNanos.add(c - b);
            }
            verify(incident, last, lastReport);
            Stats snapshot = Stats.ofNanos(snapshotNanos);
            Stats analysis = Stats.ofNanos(analysisNanos);
            System.out.println("  snapshot: " + snapshot + ", " + last.queryCount() + " queries");
            System.out.println("  analysis: " + analysis);

            Map<String, Stats> analysisSteps = AnalysisTimer.time(last, LocksOptions.defaults(), options.warmup(), options.runs());

            // Where the snapshot's time goes: the same reader, its statements timed one by one.
            StatementTimer timer = new StatementTimer();
            Connection timed = timer.wrap(conn.connection());
            for (int i = 0; i < options.warmup() + options.runs(); i++) {
                options.pause();
                reader.read(timed);
            }
            List<StatementTimer.Entry> breakdown = dropWarmup(timer.entries(), options.warmup());

            List<PeerResult> peers;
            List<PeerResult> blocks;
            List<PeerResult> variants;
            try (Connection plain = DriverManager.getConnection(server.jdbcUrl())) {
                peers = timeAll(plain, server.peers(plain), options);
                blocks = timeAll(plain, server.buildingBlocks(), options);
                List<String> readerSql = breakdown.stream().map(e -> e.sql).toList();
                variants = timeAll(plain, server.variants(readerSql), options);
            }
            incident.checkWaiters();

            Set<Long> waiting = new HashSet<>();
            last.waits().forEach(w -> waiting.add(w.waiterId()));
            Map<String, Long> findings = lastReport.findings().stream()
                    .collect(Collectors.groupingBy(f -> f.kind().toString(), TreeMap::new, Collectors.counting()));
            return new Result(server.label(), shape, last.sessions().size(), last.waits().size(), waiting.size(),
                    lastReport.rootBlockers().size(), last.queryCount(), ms(t1 - t0), ms(t2 - t1), snapshot, analysis,
                    breakdown, analysisSteps, peers, blocks, variants, findings, loadBefore, loadAverage());
        }
    }

    /**
     * Fails loudly unless the snapshot shows the incident as built: exactly the waiting sessions we made, exactly
     * our root blockers, and behind each root exactly the five sessions we made wait behind it.
     */
    static void verify(Incident incident, Snapshot snapshot, LocksReport report) {
        Set<Long> waiting = new LinkedHashSet<>();
        for (LockWait w : snapshot.waits()) {
            waiting.add(w.waiterId());
        }
        Set<Long> expectedWaiters = incident.waiterIds();
        List<String> problems = new ArrayList<>();
        if (!waiting.equals(expectedWaiters)) {
            problems.add("waiting sessions: saw " + waiting.size() + ", built " + expectedWaiters.size()
                    + " (unexpected: " + first10(difference(waiting, expectedWaiters)) + ", missing: "
                    + first10(difference(expectedWaiters, waiting)) + ")");
        }
        Set<Long> roots = new LinkedHashSet<>();
        report.rootBlockers().forEach(r -> roots.add(r.sessionId()));
        if (!roots.equals(incident.rootIds())) {
            problems.add("root blockers: saw " + roots.size() + ", built " + incident.rootIds().size()
                    + " (unexpected: " + first10(difference(roots, incident.rootIds())) + ", missing: "
                    + first10(difference(incident.rootIds(), roots)) + ")");
        }
        for (RootBlocker root : report.rootBlockers()) {
            Set<Long> behind = new HashSet<>(root.waiters());
            Set<Long> built = incident.waitersByRoot().get(root.sessionId());
            if (built != null && !behind.equals(built)) {
                problems.add("waiters behind root " + root.sessionId() + ": saw " + behind + ", built " + built);
                break;
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The snapshot does not show the incident as built: " + String.join("; ", problems));
        }
    }

    private static Set<Long> difference(Set<Long> a, Set<Long> b) {
        Set<Long> d = new LinkedHashSet<>(a);
        d.removeAll(b);
        return d;
    }

    private static String first10(Set<Long> ids) {
        return ids.stream().limit(10).map(String::valueOf).collect(Collectors.joining(", ", "[", ids.size() > 10 ? ", ...]" : "]"));
    }

    static List<StatementTimer.Entry> dropWarmup(List<StatementTimer.Entry> entries, int warmup) {
        List<StatementTimer.Entry> out = new ArrayList<>();
        for (StatementTimer.Entry e : entries) {
            StatementTimer.Entry kept = new StatementTimer.Entry(e.sql);
            int skip = Math.min(warmup, Math.max(0, e.nanos.size() - 1));
            kept.nanos.addAll(e.nanos.subList(skip, e.nanos.size()));
            kept.executeNanos.addAll(e.executeNanos.subList(skip, e.executeNanos.size()));
            kept.rows.addAll(e.rows.subList(skip, e.rows.size()));
            out.add(kept);
        }
        return out;
    }

    /** Times each query over warm-up + runs, reading every column of every row as a client would. */
    private static List<PeerResult> timeAll(Connection connection, List<BenchServer.TimedQuery> queries, BenchOptions options)
            throws SQLException, InterruptedException {
        List<PeerResult> results = new ArrayList<>();
        for (BenchServer.TimedQuery query : queries) {
            List<Long> nanos = new ArrayList<>();
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < options.warmup() + options.runs(); i++) {
                options.pause();
                long start = System.nanoTime();
                int count = 0;
                try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(query.sql())) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int c = 1; c <= columns; c++) {
                            rs.getObject(c);
                        }
                        count++;
                    }
                }
                if (i >= options.warmup()) {
                    nanos.add(System.nanoTime() - start);
                    rows.add(count);
                }
            }
            PeerResult result = new PeerResult(query, Stats.ofNanos(nanos), (int) Stats.medianOf(rows));
            System.out.println("  " + query.name() + ": " + result.stats() + ", " + result.rows() + " rows");
            results.add(result);
        }
        return results;
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    private static String f(double ms) {
        return Stats.format(ms);
    }

    private static void print(Result r) {
        System.out.println();
        System.out.println("### " + r.engine() + ": " + r.shape());
        System.out.println();
        System.out.printf("dbrescue saw %d sessions, %d waiting (%d wait edges), %d root blockers; findings: %s%n",
                r.sessionsSeen(), r.waitingSessions(), r.waitEdges(), r.rootBlockers(), r.findings());
        System.out.println();
        System.out.println("| measure | median ms | p90 ms | min ms | first run ms | target |");
        System.out.println("|---|---:|---:|---:|---:|---|");
        System.out.printf("| snapshot (%d queries) | %s | %s | %s | %s | <= %.0f ms: %s |%n", r.queryCount(),
                f(r.snapshot().medianMs()), f(r.snapshot().p90Ms()), f(r.snapshot().minMs()), f(r.firstSnapshotMs()),
                SNAPSHOT_TARGET_MS, r.snapshot().medianMs() <= SNAPSHOT_TARGET_MS ? "met" : "MISSED");
        System.out.printf("| analysis | %s | %s | %s | %s | <= %.0f ms: %s |%n",
                f(r.analysis().medianMs()), f(r.analysis().p90Ms()), f(r.analysis().minMs()), f(r.firstAnalysisMs()),
                ANALYSIS_TARGET_MS, r.analysis().medianMs() <= ANALYSIS_TARGET_MS ? "met" : "MISSED");
        System.out.println();
        System.out.println("Snapshot statements, timed one by one inside the reader: in total (sent until result set closed),");
        System.out.println("of which executeQuery (server and transfer); the rest is the reader mapping rows:");
        System.out.println();
        StatementTimer.printTable(r.breakdown());
        System.out.println();
        System.out.println("Analysis steps, timed one by one:");
        System.out.println();
        System.out.println("| step | median ms | p90 ms |");
        System.out.println("|---|---:|---:|");
        r.analysisSteps().forEach((step, s) -> System.out.printf("| %s | %s | %s |%n", step, f(s.medianMs()), f(s.p90Ms())));
        System.out.println();
        System.out.println("Peers on the same incident (rows read in full, no analysis), ratio = dbrescue snapshot median / peer median:");
        System.out.println();
        System.out.println("| query | median ms | p90 ms | min ms | rows | dbrescue/peer |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        Function<PeerResult, String> ratio = p -> String.format(Locale.ROOT, "%.2f", r.snapshot().medianMs() / p.stats().medianMs());
        for (PeerResult p : r.peers()) {
            System.out.printf("| %s | %s | %s | %s | %d | %s |%n", p.query().name(), f(p.stats().medianMs()),
                    f(p.stats().p90Ms()), f(p.stats().minMs()), p.rows(), ratio.apply(p));
        }
        for (PeerResult p : r.peers()) {
            System.out.println("  " + p.query().name() + ": " + p.query().note());
        }
        System.out.println();
        System.out.println("Building blocks (single statements, to see where time goes):");
        System.out.println();
        System.out.println("| statement | median ms | p90 ms | rows |");
        System.out.println("|---|---:|---:|---:|");
        for (PeerResult p : r.buildingBlocks()) {
            System.out.printf("| %s: `%s` | %s | %s | %d |%n", p.query().name(), StatementTimer.shorten(p.query().sql(), 90),
                    f(p.stats().medianMs()), f(p.stats().p90Ms()), p.rows());
        }
        if (!r.variants().isEmpty()) {
            System.out.println();
            System.out.println("What-if (the reader's statements changed, run by the benchmark; not product code):");
            System.out.println();
            System.out.println("| variant | median ms | p90 ms | rows |");
            System.out.println("|---|---:|---:|---:|");
            for (PeerResult p : r.variants()) {
                System.out.printf("| %s: `%s` | %s | %s | %d |%n", p.query().name(), StatementTimer.shorten(p.query().sql(), 90),
                        f(p.stats().medianMs()), f(p.stats().p90Ms()), p.rows());
            }
        }
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
        System.out.println("| engine | snapshot median ms | p90 | min | queries | analysis median ms | p90 | peer | peer median ms | dbrescue/peer |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|");
        for (Result r : results) {
            PeerResult peer = r.peers().get(0);
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %d | %s | %s | %s | %s | %.2f |%n", r.engine(),
                    f(r.snapshot().medianMs()), f(r.snapshot().p90Ms()), f(r.snapshot().minMs()), r.queryCount(),
                    f(r.analysis().medianMs()), f(r.analysis().p90Ms()), peer.query().name(), f(peer.stats().medianMs()),
                    r.snapshot().medianMs() / peer.stats().medianMs());
        }
        for (Result r : results) {
            System.out.println(r.engine() + ": " + (r.targetsMet() ? "targets met" : "TARGET MISSED")
                    + " (snapshot <= " + (int) SNAPSHOT_TARGET_MS + " ms, analysis <= " + (int) ANALYSIS_TARGET_MS + " ms)");
        }
    }

    /** The first three fields of /proc/loadavg: other work on the machine shows in the figures. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void printMachine() {
        Runtime rt = Runtime.getRuntime();
        System.out.println("dbrescue locks benchmark: " + rt.availableProcessors() + " CPUs, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + ", max heap " + rt.maxMemory() / (1024 * 1024) + " MB");
    }

    private LocksBench() {
    }
}
