package dev.dbrescue.core.deadlock.analysis;

import dev.dbrescue.core.analysis.finding.Durations;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A statement with its values taken out, so that the same statement with other values counts as one:
 * {@code UPDATE t SET v = ? WHERE id = ?}. Like pt-query-digest's fingerprints, simpler.
 *
 * <p>Hand-written scanners, not regular expressions: a fingerprint is taken for every transaction of every deadlock,
 * and the regex version was a fifth of {@code deadlocks parse}. The scanners do exactly what {@link #ofByRegex} does
 * (the definition, kept as the reference and for statements with non-ASCII characters, where {@code \b} depends on
 * the JDK's Unicode rules); the tests compare the two. No recursion and no backtracking: every pass is linear.
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

    private static final String TUPLE = "(?+)";

    private QueryFingerprint() {
    }

    public static String of(String sql) {
        if (sql == null || sql.isBlank()) {
            return null;
        }
        String s = sql.strip();
        if (!isAscii(s)) {
            return ofByRegex(sql);
        }
        s = withoutStringLiterals(s);
        s = withoutHex(s);
        s = withoutNumbers(s);
        s = collapsed(s);
        return s;
    }

    /** The definition of a fingerprint, as regular expressions; {@link #of} computes the same faster. */
    static String ofByRegex(String sql) {
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
            s = pattern.matcher(s).replaceAll(Matcher.quoteReplacement(replacement));
        } while (!s.equals(before));
        return s;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** {@code \w} without UNICODE_CHARACTER_CLASS, which for ASCII is also what {@code \b} sees. */
    private static boolean isWord(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** {@code \s}: [ \t\n\x0B\f\r]. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /** {@link #HEX}: {@code 0x} and hex digits, a word boundary on both sides. */
    static String withoutHex(String s) {
        int n = s.length();
        StringBuilder out = null;
        int copied = 0;
        for (int i = 0; i + 2 < n; i++) {
            if (s.charAt(i) != '0' || (s.charAt(i + 1) != 'x' && s.charAt(i + 1) != 'X') || (i > 0 && isWord(s.charAt(i - 1)))) {
                continue;
            }
            int j = i + 2;
            while (j < n && isHexDigit(s.charAt(j))) {
                j++;
            }
            // A shorter run ends before a hex digit, a word character: only the longest can end at a boundary.
            if (j == i + 2 || (j < n && isWord(s.charAt(j)))) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(n);
            }
            out.append(s, copied, i).append('?');
            copied = j;
            i = j - 1;
        }
        return out == null ? s : out.append(s, copied, n).toString();
    }

    /**
     * {@link #NUMBER}. The lookbehind and lookahead refuse word characters, digits among them, so of every optional
     * part only its longest run can be followed by a boundary; what is left of backtracking is to drop the exponent,
     * then the fraction, in the order the regex tries them.
     */
    static String withoutNumbers(String s) {
        int n = s.length();
        StringBuilder out = null;
        int copied = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (!isDigit(c) && c != '-' && c != '+') {
                continue;
            }
            if (i > 0 && (isWord(s.charAt(i - 1)) || s.charAt(i - 1) == '`')) {
                continue;
            }
            int end = numberEnd(s, c == '-' || c == '+' ? i + 1 : i);
            if (end < 0) {
                // Without its sign the match would start at the digit, where the regex tries again at i + 1 with the
                // sign as lookbehind; the ends it could reach are the same ones that just failed.
                continue;
            }
            if (out == null) {
                out = new StringBuilder(n);
            }
            out.append(s, copied, i).append('?');
            copied = end;
            i = end - 1;
        }
        return out == null ? s : out.append(s, copied, n).toString();
    }

    /** Where a number starting with digits at {@code d} ends so that the lookahead holds, or -1. */
    private static int numberEnd(String s, int d) {
        int n = s.length();
        int digits = d;
        while (digits < n && isDigit(s.charAt(digits))) {
            digits++;
        }
        if (digits == d) {
            return -1;
        }
        int fraction = -1;
        if (digits + 1 < n && s.charAt(digits) == '.' && isDigit(s.charAt(digits + 1))) {
            fraction = digits + 2;
            while (fraction < n && isDigit(s.charAt(fraction))) {
                fraction++;
            }
        }
        int mantissa = fraction < 0 ? digits : fraction;
        int exponent = -1;
        if (mantissa < n && s.charAt(mantissa) == 'e') {
            int e = mantissa + 1;
            if (e < n && (s.charAt(e) == '-' || s.charAt(e) == '+')) {
                e++;
            }
            if (e < n && isDigit(s.charAt(e))) {
                while (e < n && isDigit(s.charAt(e))) {
                    e++;
                }
                exponent = e;
            }
        }
        if (exponent >= 0 && boundaryAt(s, exponent)) {
            return exponent;
        }
        if (fraction >= 0 && boundaryAt(s, fraction)) {
            return fraction;
        }
        // digits and an exponent without the fraction: not possible when there is a fraction ('.' follows), and
        // already tried as the first case when there is none.
        return boundaryAt(s, digits) ? digits : -1;
    }

    private static boolean boundaryAt(String s, int i) {
        return i >= s.length() || (!isWord(s.charAt(i)) && s.charAt(i) != '`');
    }

    /**
     * {@link #PAIR} until stable, {@link #SINGLE}, {@link #TUPLES} until stable, {@link #SPACE}, lower case. Pairs
     * collapsed until nothing changes leave one item of each run of items separated by commas; the scanner takes
     * the run whole.
     */
    static String collapsed(String s) {
        s = withoutLists(s);
        s = withoutSingles(s);
        s = withoutTupleLists(s);
        return spacesLowered(s);
    }

    /** Each run {@code ?(\s*,\s*?)*} becomes {@code ?}. */
    private static String withoutLists(String s) {
        int n = s.length();
        StringBuilder out = null;
        int copied = 0;
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) != '?') {
                continue;
            }
            int end = i + 1;
            while (true) {
                int next = afterSeparator(s, end);
                if (next < 0 || next >= n || s.charAt(next) != '?') {
                    break;
                }
                end = next + 1;
            }
            if (end == i + 1) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(n);
            }
            out.append(s, copied, i).append('?');
            copied = end;
            i = end - 1;
        }
        return out == null ? s : out.append(s, copied, n).toString();
    }

    /** After {@code \s*,\s*} at {@code i}, or -1. */
    private static int afterSeparator(String s, int i) {
        int n = s.length();
        while (i < n && isSpace(s.charAt(i))) {
            i++;
        }
        if (i >= n || s.charAt(i) != ',') {
            return -1;
        }
        i++;
        while (i < n && isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** {@code \(\s*\?\s*\)} becomes {@code (?+)}. */
    private static String withoutSingles(String s) {
        int n = s.length();
        StringBuilder out = null;
        int copied = 0;
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) != '(') {
                continue;
            }
            int j = i + 1;
            while (j < n && isSpace(s.charAt(j))) {
                j++;
            }
            if (j >= n || s.charAt(j) != '?') {
                continue;
            }
            j++;
            while (j < n && isSpace(s.charAt(j))) {
                j++;
            }
            if (j >= n || s.charAt(j) != ')') {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(n + 8);
            }
            out.append(s, copied, i).append(TUPLE);
            copied = j + 1;
            i = j;
        }
        return out == null ? s : out.append(s, copied, n).toString();
    }

    /** Each run {@code (?+)(\s*,\s*(?+))*} becomes {@code (?+)}. */
    private static String withoutTupleLists(String s) {
        int n = s.length();
        StringBuilder out = null;
        int copied = 0;
        for (int i = 0; i < n; i++) {
            if (!s.startsWith(TUPLE, i)) {
                continue;
            }
            int end = i + TUPLE.length();
            while (true) {
                int next = afterSeparator(s, end);
                if (next < 0 || !s.startsWith(TUPLE, next)) {
                    break;
                }
                end = next + TUPLE.length();
            }
            if (end == i + TUPLE.length()) {
                i = end - 1;
                continue;
            }
            if (out == null) {
                out = new StringBuilder(n);
            }
            out.append(s, copied, i).append(TUPLE);
            copied = end;
            i = end - 1;
        }
        return out == null ? s : out.append(s, copied, n).toString();
    }

    /** Runs of {@code \s} become one space; ASCII lower case (the caller has checked the text is ASCII). */
    private static String spacesLowered(String s) {
        return Durations.spacesCollapsed(s).toLowerCase(Locale.ROOT);
    }

    /**
     * Replaces '...' and "..." literals (backslash escapes, doubled quotes) with ?. A scanner, not a regex: an
     * alternation inside a repeated group recurses once per character in java.util.regex, and a long literal in a
     * log overflowed the stack (found by fuzzing).
     */
    static String withoutStringLiterals(String sql) {
        int i = firstQuote(sql, 0);
        if (i < 0) {
            return sql;
        }
        StringBuilder out = new StringBuilder(sql.length());
        int copied = 0;
        while (i >= 0) {
            char c = sql.charAt(i);
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
            out.append(sql, copied, i).append('?');
            copied = Math.min(j + 1, sql.length());
            i = firstQuote(sql, copied);
        }
        return out.append(sql, copied, sql.length()).toString();
    }

    /** The first ' or " at or after {@code from}, or -1. */
    private static int firstQuote(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                return i;
            }
        }
        return -1;
    }
}
