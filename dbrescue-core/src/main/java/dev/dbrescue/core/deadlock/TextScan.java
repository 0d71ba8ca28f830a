package dev.dbrescue.core.deadlock;

/**
 * Character tests shared by the parsers' hand-written line scanners, which replaced regular expressions (every line
 * of a big log goes through some of them). Each test means exactly what the regex construct it replaces means in
 * {@code java.util.regex} without flags, so that scanner and regex agree on any input. A helper of the parsers, not
 * part of their contract.
 */
public final class TextScan {

    private TextScan() {
    }

    /** The end of the run of ASCII digits ({@code \d}) starting at {@code from}; {@code from} when there is none. */
    public static int digitsEnd(String s, int from) {
        int i = from;
        while (i < s.length() && isDigit(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /**
     * Where the digits end when {@code s} has, at {@code at}, the text {@code before}, one or more digits, then the
     * text {@code after}: {@code before(\d+)after}. Else -1.
     */
    public static int framedDigitsEnd(String s, int at, String before, String after) {
        if (!s.startsWith(before, at)) {
            return -1;
        }
        int start = at + before.length();
        int end = digitsEnd(s, start);
        return end > start && s.startsWith(after, end) ? end : -1;
    }

    /** {@code \d}: ASCII digits only, unlike {@link Character#isDigit}. */
    public static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** {@code [0-9a-fA-F]}. */
    public static boolean isHexDigit(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /** {@code \s}: {@code [ \t\n\x0B\f\r]}. */
    public static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    /**
     * Whether {@code (.*)$} can match from {@code from} to the end: {@code .} matches anything but a line terminator
     * ({@code \n}, {@code \r}, U+0085, U+2028, U+2029).
     */
    public static boolean dotsToEnd(String s, int from) {
        return dots(s, from, s.length());
    }

    /** Whether {@code .*} can match the characters {@code from} to {@code to}: none is a line terminator. */
    public static boolean dots(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (isLineTerminator(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** What {@code .} does not match: {@code \n}, {@code \r}, U+0085, U+2028, U+2029. */
    public static boolean isLineTerminator(char c) {
        return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }

    /** Whether only {@code \s} characters follow {@code from}: {@code \s*$} as {@code Matcher.matches} reads it. */
    public static boolean spacesToEnd(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (!isSpace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
