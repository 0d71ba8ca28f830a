package dev.dbrescue.core.analysis.finding;

/** Small formatting helpers for summaries. */
public final class Durations {

    private Durations() {
    }

    /** "42 s", "12 min 5 s", "2 h 3 min"; "an unknown time" for null. */
    public static String seconds(Double seconds) {
        if (seconds == null) {
            return "an unknown time";
        }
        long s = Math.round(seconds);
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }

    /** A statement on one line, cut to {@code max} characters. */
    public static String oneLine(String sql, int max) {
        if (sql == null) {
            return null;
        }
        String flat = spacesCollapsed(sql).trim();
        if (flat.length() <= max) {
            return flat;
        }
        int end = max >= 2 && Character.isHighSurrogate(flat.charAt(max - 2)) ? max - 2 : max - 1; // never half an emoji
        return flat.substring(0, end) + "…";
    }

    /**
     * {@code s.replaceAll("\\s+", " ")} without a regular expression ({@code deadlocks parse} writes every statement
     * of every deadlock through here): each run of {@code [ \t\n\x0B\f\r]} becomes one space.
     */
    public static String spacesCollapsed(String s) {
        int n = s.length();
        char[] out = new char[n];
        int length = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (isSpace(c)) {
                out[length++] = ' ';
                while (i + 1 < n && isSpace(s.charAt(i + 1))) {
                    i++;
                }
            } else {
                out[length++] = c;
            }
        }
        return new String(out, 0, length);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }
}
