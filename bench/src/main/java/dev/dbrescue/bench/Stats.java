package dev.dbrescue.bench;

import java.util.List;
import java.util.Locale;

/**
 * Order statistics of repeated timings, in milliseconds. Percentiles are nearest-rank (no interpolation): with 21
 * runs the median is the 11th time and p90 the 19th.
 */
record Stats(int runs, double medianMs, double p90Ms, double minMs, double maxMs) {

    static Stats ofNanos(List<Long> nanos) {
        if (nanos.isEmpty()) {
            throw new IllegalArgumentException("no timings");
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Stats(sorted.length, ms(rank(sorted, 0.5)), ms(rank(sorted, 0.9)), ms(sorted[0]),
                ms(sorted[sorted.length - 1]));
    }

    /** Nearest rank: the smallest value with at least {@code fraction} of the values at or below it. */
    private static long rank(long[] sorted, double fraction) {
        int index = (int) Math.ceil(fraction * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    static double medianOf(List<? extends Number> values) {
        double[] sorted = values.stream().mapToDouble(Number::doubleValue).sorted().toArray();
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.ceil(0.5 * sorted.length) - 1];
    }

    static String format(double ms) {
        return String.format(Locale.ROOT, ms < 10 ? "%.2f" : "%.1f", ms);
    }

    @Override
    public String toString() {
        return "median " + format(medianMs) + " ms, p90 " + format(p90Ms) + " ms, min " + format(minMs)
                + " ms, max " + format(maxMs) + " ms (" + runs + " runs)";
    }
}
