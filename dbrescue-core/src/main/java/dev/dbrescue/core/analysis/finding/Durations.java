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

    /** Compiled once: deadlock stories flatten a few statements for each of hundreds of thousands of deadlocks. */
    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");

    /** Already one line: single spaces only, none at either end (most logged statements). */
    private static boolean isFlat(String s) {
        if (s.isEmpty() || s.charAt(0) == ' ' || s.charAt(s.length() - 1) == ' ') {
            return s.isEmpty();
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) && (c != ' ' || s.charAt(i - 1) == ' ')) {
                return false;
            }
        }
        return true;
    }

    /** A statement on one line, cut to {@code max} characters. */
    public static String oneLine(String sql, int max) {
        if (sql == null) {
            return null;
        }
        String flat = isFlat(sql) ? sql : WHITESPACE.matcher(sql).replaceAll(" ").trim();
        return flat.length() <= max ? flat : flat.substring(0, max - 1) + "…";
    }
}
