package dev.dbrescue.core.deadlock.analysis;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A statement with its values taken out, so that the same statement with other values counts as one:
 * {@code UPDATE t SET v = ? WHERE id = ?}. Like pt-query-digest's fingerprints, simpler.
 */
public final class QueryFingerprint {

    private static final Pattern NUMBER = Pattern.compile("(?<![\\w`])[-+]?\\d+(?:\\.\\d+)?(?:e[-+]?\\d+)?(?![\\w`])");
    private static final Pattern HEX = Pattern.compile("(?i)\\b0x[0-9a-f]+\\b");
    // No repeated groups below: java.util.regex recurses per repetition of a group, and logs hold IN lists and
    // multi-row VALUES of thousands of items. Lists are collapsed pairwise until nothing changes instead.
    private static final Pattern PAIR = Pattern.compile("\\?\\s*,\\s*\\?");
    private static final Pattern SINGLE = Pattern.compile("\\(\\s*\\?\\s*\\)");
    private static final Pattern TUPLES = Pattern.compile("\\(\\?\\+\\)\\s*,\\s*\\(\\?\\+\\)");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private QueryFingerprint() {
    }

    public static String of(String sql) {
        if (sql == null || sql.isBlank()) {
            return null;
        }
        String s = sql.strip();
        s = withoutStringLiterals(s);
        s = HEX.matcher(s).replaceAll("?");
        s = NUMBER.matcher(s).replaceAll("?");
        s = untilStable(s, PAIR, "?");
        s = SINGLE.matcher(s).replaceAll("(?+)");
        s = untilStable(s, TUPLES, "(?+)");
        s = SPACE.matcher(s).replaceAll(" ");
        return s.toLowerCase(Locale.ROOT);
    }

    private static String untilStable(String s, Pattern pattern, String replacement) {
        String before;
        do {
            before = s;
            s = pattern.matcher(s).replaceAll(java.util.regex.Matcher.quoteReplacement(replacement));
        } while (!s.equals(before));
        return s;
    }

    /**
     * Replaces '...' and "..." literals (backslash escapes, doubled quotes) with ?. A scanner, not a regex: an
     * alternation inside a repeated group recurses once per character in java.util.regex, and a long literal in a
     * log overflowed the stack (found by fuzzing).
     */
    static String withoutStringLiterals(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c != '\'' && c != '"') {
                out.append(c);
                i++;
                continue;
            }
            int j = i + 1;
            while (j < sql.length()) {
                char d = sql.charAt(j);
                if (d == '\\') {
                    j += 2;
                } else if (d == c && j + 1 < sql.length() && sql.charAt(j + 1) == c) {
                    j += 2;
                } else if (d == c) {
                    break;
                } else {
                    j++;
                }
            }
            out.append('?');
            i = j + 1;
        }
        return out.toString();
    }
}
