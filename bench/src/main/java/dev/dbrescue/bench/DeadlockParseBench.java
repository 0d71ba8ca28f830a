package dev.dbrescue.bench;

import dev.dbrescue.core.deadlock.DeadlockFormats;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Deadlock parsing throughput (issue 3, "Speed and robustness"): {@code DeadlockFormats.parse} over a ~1 GB log
 * made of copies of a captured one, on one thread, with a counting sink. See bench/README.md, "Deadlock parsing
 * throughput"; bench/run-deadlocks runs it with {@code -Xmx256m} and adds the CLI and {@code grep -c} timings.
 * <pre>
 * DeadlockParseBench mariadb|postgres [--size-mb 1000] [--warmup-mb 64] [--runs 3] [--dir bench/target/deadlock-logs]
 *                    [--root .] [--generate-only]
 * </pre>
 * Exit code: 0 done (and, for the MariaDB error log, the 100 MB/s target met), 1 target missed, 2 the parser did not
 * find what the file holds (count, lock waits, victims or warnings), 3 bad arguments.
 */
public final class DeadlockParseBench {

    /** The target, for the error log: 100 MB/s or more on one core (MB = 10^6 bytes). */
    static final double TARGET_MB_PER_S = 100;

    private DeadlockParseBench() {
    }

    public static void main(String[] args) throws Exception {
        String engine = null;
        long sizeMb = 1000;
        long warmupMb = 64;
        int runs = 3;
        Path dir = Path.of("bench/target/deadlock-logs");
        Path root = Path.of(".");
        boolean generateOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--size-mb" -> sizeMb = Long.parseLong(args[++i]);
                case "--warmup-mb" -> warmupMb = Long.parseLong(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--root" -> root = Path.of(args[++i]);
                case "--generate-only" -> generateOnly = true;
                default -> {
                    if (args[i].startsWith("--") || engine != null) {
                        System.err.println("unknown argument " + args[i] + "; see bench/README.md");
                        System.exit(3);
                    }
                    engine = args[i];
                }
            }
        }
        if (engine == null) {
            System.err.println("usage: DeadlockParseBench mariadb|postgres [--size-mb N] [--warmup-mb N] [--runs N]");
            System.exit(3);
        }
        DeadlockLogSource source = DeadlockLogSource.named(engine);
        BigDeadlockLog.Generated warmup = warmupMb > 0
                ? BigDeadlockLog.ensure(source, root, dir, warmupMb * 1_000_000, false) : null;
        BigDeadlockLog.Generated big = BigDeadlockLog.ensure(source, root, dir, sizeMb * 1_000_000, false);
        if (generateOnly) {
            return;
        }
        System.exit(measure(source, warmup, big, runs));
    }

    private static int measure(DeadlockLogSource source, BigDeadlockLog.Generated warmup, BigDeadlockLog.Generated big,
                               int runs) throws Exception {
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "JVM %s, max heap %d MB, %d processors, GC %s%n",
                System.getProperty("java.vm.version"), rt.maxMemory() >> 20, rt.availableProcessors(),
                ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName())
                        .collect(Collectors.joining(", ")));
        HeapWatch heap = new HeapWatch();
        if (warmup != null) {
            Run w = run(warmup, heap);
            System.out.println("warm-up   " + w.describe(warmup));
            if (w.failure(warmup) != null) {
                return fail(warmup, w);
            }
        }
        List<Run> measured = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            Run r = run(big, heap);
            System.out.println("run " + i + "     " + r.describe(big));
            if (r.failure(big) != null) {
                return fail(big, r);
            }
            measured.add(r);
        }
        double median = Stats.medianOf(measured.stream().map(r -> r.mbPerSecond(big)).toList());
        long peak = measured.stream().mapToLong(r -> r.heap().peak()).max().orElse(0);
        long maxAfter = measured.stream().mapToLong(r -> r.heap().maxAfterGc()).max().orElse(0);
        System.out.printf(Locale.ROOT, "%s: %s, %.1f MB, %d copies, %d deadlocks, %d lock waits: median %.1f MB/s "
                        + "over %d runs; peak heap in use %.1f MB, at most %.1f MB left after a collection (max heap %d MB)%n",
                source.name(), big.file().getFileName(), big.megabytes(), big.expected().copies(),
                big.expected().deadlocks(), big.expected().lockWaits(), median, runs, peak / 1e6, maxAfter / 1e6,
                rt.maxMemory() >> 20);
        System.out.printf(Locale.ROOT, "RESULT engine=%s file=%s bytes=%d copies=%d deadlocks=%d lockWaits=%d "
                        + "medianMBps=%.1f runsMBps=%s runsSeconds=%s peakHeapMB=%.1f maxAfterGcMB=%.1f maxHeapMB=%d%n",
                source.name(), big.file(), big.bytes(), big.expected().copies(), big.expected().deadlocks(),
                big.expected().lockWaits(), median,
                measured.stream().map(r -> String.format(Locale.ROOT, "%.1f", r.mbPerSecond(big)))
                        .collect(Collectors.joining(",")),
                measured.stream().map(r -> String.format(Locale.ROOT, "%.2f", r.nanos() / 1e9))
                        .collect(Collectors.joining(",")),
                peak / 1e6, maxAfter / 1e6, rt.maxMemory() >> 20);
        if (source == DeadlockLogSource.MARIADB && median < TARGET_MB_PER_S) {
            System.out.printf(Locale.ROOT, "target MISSED: %.1f MB/s < %.0f MB/s%n", median, TARGET_MB_PER_S);
            return 1;
        }
        if (source == DeadlockLogSource.MARIADB) {
            System.out.printf(Locale.ROOT, "target met: %.1f MB/s >= %.0f MB/s%n", median, TARGET_MB_PER_S);
        }
        return 0;
    }

    private static int fail(BigDeadlockLog.Generated file, Run run) {
        System.out.println("FAILED on " + file.file() + ": " + run.failure(file));
        return 2;
    }

    /** One parse of a whole file. */
    private record Run(long nanos, CountingSink sink, HeapWatch.Usage heap) {

        double mbPerSecond(BigDeadlockLog.Generated file) {
            return file.bytes() / 1e6 / (nanos / 1e9);
        }

        String failure(BigDeadlockLog.Generated file) {
            return sink.differences(file.expected());
        }

        String describe(BigDeadlockLog.Generated file) {
            return String.format(Locale.ROOT, "%8.1f MB in %6.2f s = %6.1f MB/s; %d deadlocks (%d transactions), "
                            + "%d lock waits, %d warnings; %d GCs, heap peak %.1f MB, after GC first %.1f / max %.1f / "
                            + "last %.1f MB",
                    file.megabytes(), nanos / 1e9, mbPerSecond(file), sink.deadlocks, sink.transactions,
                    sink.lockWaits, sink.warnings, heap.collections(), heap.peak() / 1e6, heap.firstAfterGc() / 1e6,
                    heap.maxAfterGc() / 1e6, heap.lastAfterGc() / 1e6);
        }
    }

    private static Run run(BigDeadlockLog.Generated file, HeapWatch heap) throws IOException, InterruptedException {
        System.gc();
        Thread.sleep(200);
        heap.reset();
        CountingSink sink = new CountingSink();
        long start = System.nanoTime();
        try (BufferedReader reader = open(file.file())) {
            DeadlockFormats.parse(reader, file.file().getFileName().toString(), sink);
        }
        long nanos = System.nanoTime() - start;
        Thread.sleep(200); // the last collections' notifications
        return new Run(nanos, sink, heap.usage());
    }

    /**
     * Opens the file as {@code dbrescue deadlocks parse} does (dbrescue-app InputFiles, which bench/ cannot depend
     * on): 64 KB byte buffer, UTF-8 with malformed input replaced, 128 KB character buffer. The gzip sniffing is left
     * out: these files are plain.
     */
    private static BufferedReader open(Path file) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        return new BufferedReader(new InputStreamReader(new BufferedInputStream(Files.newInputStream(file), 1 << 16),
                decoder), 1 << 17);
    }
}
