package dev.dbrescue.bench;

import dev.dbrescue.core.action.KillMode;
import dev.dbrescue.core.action.KillPlan;
import dev.dbrescue.core.action.KillPolicy;
import dev.dbrescue.core.action.KillRun;
import dev.dbrescue.core.action.Selector;
import dev.dbrescue.core.analysis.LocksAnalysis;
import dev.dbrescue.core.analysis.LocksOptions;
import dev.dbrescue.core.connect.Connector;
import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.target.ClientEnvironment;
import dev.dbrescue.core.target.Target;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Issue 4: what {@code dbrescue kill --watch} costs the server. On the same 1,000-session incident as
 * {@link LocksBench} (100 root blockers, 500 waiting), the watch's poll ({@link KillRun#plan()}, exactly what
 * {@code kill --watch} runs at every interval: one lock snapshot and the selection) is run again and again on a
 * session opened as the CLI opens it, and for each poll the benchmark records the statements sent (through
 * {@link StatementTimer}'s proxy), the wall time, and the CPU time the server spent on dbrescue's session (Linux
 * schedstat of the PostgreSQL backend, or of the MariaDB thread serving the connection: {@link ServerCpu}).
 * <p>
 * The policy is {@code --root-blockers --blocking-for 1h}: a watch waiting for the incident to get bad, which selects
 * nothing here. What a poll costs the server does not depend on the policy: only a kill adds statements (a re-check
 * and the kill). The cost per minute is the median CPU per poll times the polls a minute at the default interval.
 * <pre>
 * KillWatchBench [postgres] [mariadb] [--roots 100] [--warmup 5] [--runs 21] [--pause-ms 200]
 * </pre>
 */
public final class KillWatchBench {

    /** {@code kill --watch} without a value polls every 10 s (KillCommand.DEFAULT_WATCH_SECONDS). */
    static final double DEFAULT_INTERVAL_SECONDS = 10;

    record Result(String engine, int firstPollStatements, double firstPollMs, Stats wall, Stats sessionCpu,
                  double statementsPerPoll, double serverCpuPerPollMs, double idleServerCpuPerPollMs, int selected,
                  String loadBefore, String loadAfter) {

        double cpuMsPerMinute() {
            return sessionCpu.medianMs() * 60 / DEFAULT_INTERVAL_SECONDS;
        }
    }

    public static void main(String[] args) {
        List<String> engines = new ArrayList<>();
        int roots = 100;
        int warmup = 5;
        int runs = 21;
        long pause = 200;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "postgres", "postgresql" -> engines.add("postgres");
                case "mariadb", "mysql" -> engines.add("mariadb");
                case "--roots" -> roots = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--pause-ms" -> pause = Long.parseLong(args[++i]);
                default -> {
                    System.err.println("unknown argument: " + args[i]);
                    System.err.println("usage: KillWatchBench [postgres] [mariadb] [--roots N] [--warmup N] [--runs N] [--pause-ms N]");
                    System.exit(64);
                }
            }
        }
        if (engines.isEmpty()) {
            engines = List.of("postgres", "mariadb");
        }
        Shape shape = new Shape(roots);
        List<Result> results = new ArrayList<>();
        int exit = 0;
        for (String engine : engines) {
            try {
                results.add(run(engine, shape, warmup, runs, pause));
            } catch (Exception e) {
                System.out.println("FAILED on " + engine + ": " + e.getMessage());
                e.printStackTrace(System.out);
                exit = 2;
            }
        }
        summary(results, runs);
        System.out.flush();
        System.exit(exit);
    }

    private static Result run(String engine, Shape shape, int warmup, int runs, long pause) throws Exception {
        System.out.println();
        System.out.println("== " + engine + ": starting an embedded server for " + shape.sessions() + " sessions");
        boolean postgres = engine.equals("postgres");
        try (BenchServer server = postgres ? PostgresBenchServer.start(shape) : MariaDbBenchServer.start(shape);
             Incident incident = Incident.build(server, shape)) {
            System.out.println("  " + server.label() + " at " + server.uri());
            ServerConnection opened = new Connector(ClientEnvironment.current()).open(Target.parse(server.uri()));
            try (opened) {
                StatementTimer timer = new StatementTimer();
                ServerConnection counted = new ServerConnection(timer.wrap(opened.connection()), opened.server(), opened.family(),
                        opened.target());
                ServerCpu cpu = ServerCpu.of(opened.connection(), postgres, server.dataDirectory());
                KillPolicy policy = new KillPolicy(List.of(new Selector.RootBlockers(),
                        new Selector.Timed(Selector.Timed.Clock.BLOCKING_FOR, Duration.ofHours(1))), List.of(), KillMode.CONNECTION, false);
                KillRun watch = new KillRun(counted, policy, Clock.systemUTC());
                String loadBefore = LocksBench.loadAverage();

                // The first poll also reads the account's rights and the privileged accounts.
                Thread.sleep(pause);
                int before = statements(timer);
                long t0 = System.nanoTime();
                KillPlan first = watch.plan();
                double firstMs = (System.nanoTime() - t0) / 1e6;
                int firstStatements = statements(timer) - before;
                LocksBench.verify(incident, first.snapshot(), LocksAnalysis.analyze(first.snapshot(), LocksOptions.defaults()));

                for (int i = 0; i < warmup; i++) {
                    Thread.sleep(pause);
                    watch.plan();
                }
                List<Long> wall = new ArrayList<>();
                List<Long> sessionCpu = new ArrayList<>();
                int statementsBefore = statements(timer);
                long serverBefore = cpu.serverNanos();
                long windowStart = System.nanoTime();
                KillPlan last = null;
                for (int i = 0; i < runs; i++) {
                    Thread.sleep(pause);
                    long c0 = cpu.sessionNanos();
                    long w0 = System.nanoTime();
                    last = watch.plan();
                    long w1 = System.nanoTime();
                    // schedstat is updated when the task is switched out: the session is idle again once plan() returned
                    sessionCpu.add(cpu.sessionNanos() - c0);
                    wall.add(w1 - w0);
                }
                long window = System.nanoTime() - windowStart;
                double serverPerPoll = (cpu.serverNanos() - serverBefore) / 1e6 / runs;
                double statementsPerPoll = (statements(timer) - statementsBefore) / (double) runs;
                LocksBench.verify(incident, last.snapshot(), LocksAnalysis.analyze(last.snapshot(), LocksOptions.defaults()));

                // The same time without polls: what the server spends anyway (1,000 sessions, background work).
                long idleBefore = cpu.serverNanos();
                Thread.sleep(window / 1_000_000);
                double idlePerPoll = (cpu.serverNanos() - idleBefore) / 1e6 / runs;
                incident.checkWaiters();

                Result r = new Result(server.label(), firstStatements, firstMs, Stats.ofNanos(wall), Stats.ofNanos(sessionCpu),
                        statementsPerPoll, serverPerPoll, idlePerPoll, last.selected().size(), loadBefore, LocksBench.loadAverage());
                print(r, timer);
                return r;
            }
        }
    }

    private static int statements(StatementTimer timer) {
        return timer.entries().stream().mapToInt(e -> e.nanos.size()).sum();
    }

    private static void print(Result r, StatementTimer timer) {
        System.out.println();
        System.out.printf(Locale.ROOT, "### %s: kill --watch poll, policy --root-blockers --blocking-for 1h (selected %d)%n",
                r.engine(), r.selected());
        System.out.printf(Locale.ROOT, "first poll (also reads rights and privileged accounts): %d statements, %.1f ms%n",
                r.firstPollStatements(), r.firstPollMs());
        System.out.printf(Locale.ROOT, "statements per poll: %.1f%n", r.statementsPerPoll());
        System.out.println("wall time per poll: " + r.wall());
        System.out.println("server CPU per poll, dbrescue's session: " + r.sessionCpu());
        System.out.printf(Locale.ROOT, "server CPU per poll, whole server: %.1f ms (the same time without polls: %.1f ms)%n",
                r.serverCpuPerPollMs(), r.idleServerCpuPerPollMs());
        System.out.printf(Locale.ROOT, "at the default interval (%.0f s): %.1f ms of server CPU a minute, %.2f %% of one CPU%n",
                DEFAULT_INTERVAL_SECONDS, r.cpuMsPerMinute(), r.sessionCpu().medianMs() / (DEFAULT_INTERVAL_SECONDS * 10));
        System.out.println("statements seen:");
        timer.entries().forEach(e -> System.out.println("  " + e.nanos.size() + " x " + StatementTimer.shorten(e.sql, 110)));
        System.out.println("load average (1, 5, 15 min) before: " + r.loadBefore() + "; after: " + r.loadAfter());
    }

    private static void summary(List<Result> results, int runs) {
        if (results.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.println("## Summary (" + runs + " measured polls each)");
        System.out.println();
        System.out.println("| engine | statements per poll | first poll | poll wall median ms | p90 | server CPU per poll median ms | p90 |"
                + " whole server per poll ms (idle) | CPU ms per minute at 10 s | % of one CPU | load before |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "| %s | %.1f | %d | %s | %s | %s | %s | %.1f (%.1f) | %.1f | %.2f | %s |%n", r.engine(),
                    r.statementsPerPoll(), r.firstPollStatements(), Stats.format(r.wall().medianMs()), Stats.format(r.wall().p90Ms()),
                    Stats.format(r.sessionCpu().medianMs()), Stats.format(r.sessionCpu().p90Ms()), r.serverCpuPerPollMs(),
                    r.idleServerCpuPerPollMs(), r.cpuMsPerMinute(), r.sessionCpu().medianMs() / (DEFAULT_INTERVAL_SECONDS * 10),
                    r.loadBefore());
        }
    }

    private KillWatchBench() {
    }
}
