package dev.dbrescue.core.connections;

import java.util.Collection;

/** The smallest, median and largest of some durations, in seconds. The median of an even count is the lower middle. */
public record Spread(double min, double median, double max) {

    /** Null for no values: there is nothing to spread. Nulls among the values are skipped. */
    public static Spread of(Collection<Double> values) {
        double[] sorted = values.stream().filter(v -> v != null).mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return null;
        }
        return new Spread(sorted[0], sorted[(sorted.length - 1) / 2], sorted[sorted.length - 1]);
    }
}
