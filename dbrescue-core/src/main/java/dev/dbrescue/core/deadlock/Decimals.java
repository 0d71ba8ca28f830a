package dev.dbrescue.core.deadlock;

/**
 * Decimal numbers as logs print them ({@code 100.167} ms, {@code 0.5} sec), to doubles without
 * {@link Double#parseDouble}'s general machinery, which showed in profiles of big logs. A helper of the parsers,
 * not part of their contract.
 */
public final class Decimals {

    /** Exact powers of ten as doubles: every one up to 10^22 is. */
    private static final double[] POWERS_OF_TEN = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = p;
            p *= 10;
        }
    }

    private Decimals() {
    }

    /**
     * {@code Double.parseDouble(text.substring(from, to))} for a text of the form {@code \d+(\.\d+)?}, the same
     * double. With at most 15 digits the digits make an exact long below 2^53 and the scale an exact power of ten,
     * so the one division IEEE 754 rounds correctly gives the correctly rounded value, which is what
     * {@code parseDouble} returns; longer numbers go to {@code parseDouble}.
     */
    public static double parse(String text, int from, int to) {
        long digits = 0;
        int count = 0;
        int scale = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '.') {
                scale = to - i - 1;
                continue;
            }
            digits = digits * 10 + (c - '0');
            count++;
            if (count > 15) {
                return Double.parseDouble(text.substring(from, to));
            }
        }
        return scale == 0 ? (double) digits : digits / POWERS_OF_TEN[scale];
    }
}
