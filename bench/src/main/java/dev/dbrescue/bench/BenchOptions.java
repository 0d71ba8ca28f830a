package dev.dbrescue.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The options of the live benchmarks ({@link LocksBench}, {@link ConnectionsBench}) and the loop over engines they
 * share: {@code [postgres] [mariadb] [--roots N] [--warmup N] [--runs N] [--pause-ms N] [--hold SECONDS]}.
 *
 * @param pauseMs     before every timed run (MariaDB's INNODB_TRX cache, see {@link LocksBench})
 * @param holdSeconds keep the incident up after measuring, to look at it by hand
 */
record BenchOptions(List<String> engines, Shape shape, int warmup, int runs, long pauseMs, long holdSeconds) {

    static final String USAGE = "[postgres] [mariadb] [--roots N] [--warmup N] [--runs N] [--pause-ms N] [--hold SECONDS]";

    /** Parses the arguments, or prints the usage and exits 64. */
    static BenchOptions parseOrExit(String[] args, String program) {
        try {
            return parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: " + program + " " + USAGE);
            System.exit(64);
            throw e;
        }
    }

    static BenchOptions parse(String[] args) {
        List<String> engines = new ArrayList<>();
        int roots = 100;
        int warmup = 5;
        int runs = 21;
        long pause = 200;
        long hold = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "postgres", "postgresql" -> engines.add("postgres");
                case "mariadb", "mysql" -> engines.add("mariadb");
                case "--roots" -> roots = Integer.parseInt(value(args, ++i, a));
                case "--warmup" -> warmup = Integer.parseInt(value(args, ++i, a));
                case "--runs" -> runs = Integer.parseInt(value(args, ++i, a));
                case "--pause-ms" -> pause = Long.parseLong(value(args, ++i, a));
                case "--hold" -> hold = Long.parseLong(value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown argument: " + a);
            }
        }
        if (engines.isEmpty()) {
            engines = List.of("postgres", "mariadb");
        }
        if (runs < 1 || warmup < 0 || pause < 0) {
            throw new IllegalArgumentException("--runs must be 1 or more, --warmup and --pause-ms 0 or more");
        }
        return new BenchOptions(engines, new Shape(roots), warmup, runs, pause, hold);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    void pause() throws InterruptedException {
        if (pauseMs > 0) {
            Thread.sleep(pauseMs);
        }
    }

    /** One engine's measurement. */
    @FunctionalInterface
    interface EngineRun<R> {
        R run(String engine) throws Exception;
    }

    /**
     * Measures each engine in turn and prints each result as it comes; a failure is printed and the next engine
     * still runs. Returns the exit code: 2 when an engine failed, 1 when a result missed its targets, else 0.
     */
    <R> int eachEngine(EngineRun<R> run, Consumer<R> print, Predicate<R> targetsMet, List<R> results) {
        int exit = 0;
        for (String engine : engines) {
            try {
                R result = run.run(engine);
                results.add(result);
                print.accept(result);
                if (!targetsMet.test(result)) {
                    exit = Math.max(exit, 1);
                }
            } catch (Exception e) {
                System.out.println();
                System.out.println("FAILED on " + engine + ": " + e.getMessage());
                e.printStackTrace(System.out);
                exit = 2;
            }
        }
        return exit;
    }
}
