package dev.dbrescue.core.deadlock.innodb;

/** Numbers from report text, which may be damaged: what is not a number that fits is null, never an exception. */
final class Numbers {

    private Numbers() {
    }

    /** A non-negative decimal number, or null. */
    static Long toLong(String digits) {
        return digits == null ? null : toLong(digits, 0, digits.length());
    }

    /** The characters {@code from} to {@code to} of {@code text} as a non-negative decimal number, or null. */
    static Long toLong(String text, int from, int to) {
        if (to <= from || to - from > 19) {
            return null;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = text.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return null;
            }
            if (v > (Long.MAX_VALUE - d) / 10) {
                return null;
            }
            v = v * 10 + d;
        }
        return v;
    }

    static Integer toInt(String digits) {
        return digits == null ? null : toInt(digits, 0, digits.length());
    }

    static Integer toInt(String text, int from, int to) {
        Long v = toLong(text, from, to);
        return v == null || v > Integer.MAX_VALUE ? null : (int) (long) v;
    }
}
