package dev.dbrescue.core.deadlock.innodb;

/** Numbers from report text, which may be damaged: what is not a number that fits is null, never an exception. */
final class Numbers {

    private Numbers() {
    }

    /** A non-negative decimal number, or null. */
    static Long toLong(String digits) {
        if (digits == null || digits.isEmpty() || digits.length() > 19) {
            return null;
        }
        long v = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(i) - '0';
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
        Long v = toLong(digits);
        return v == null || v > Integer.MAX_VALUE ? null : (int) (long) v;
    }
}
