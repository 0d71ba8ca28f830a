package dev.dbrescue.core.deadlock.analysis;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A statement with its values taken out, so that the same statement with other values counts as one:
 * {@code UPDATE t SET v = ? WHERE id = ?}. Like pt-query-digest's fingerprints, simpler.
 */
public final class QueryFingerprint {

    private static final Pattern STRING = Pattern.compile("'(?:[^'\\\\]|\\\\.|'')*'|\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w`])[-+]?\\d+(?:\\.\\d+)?(?:e[-+]?\\d+)?(?![\\w`])");
    private static final Pattern HEX = Pattern.compile("(?i)\\b0x[0-9a-f]+\\b");
    private static final Pattern LIST = Pattern.compile("\\(\\s*\\?(?:\\s*,\\s*\\?)+\\s*\\)");
    private static final Pattern VALUES = Pattern.compile("(?i)(values\\s*\\(\\?[^)]*\\))(?:\\s*,\\s*\\([^)]*\\))+");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private QueryFingerprint() {
    }

    public static String of(String sql) {
        if (sql == null || sql.isBlank()) {
            return null;
        }
        String s = sql.strip();
        s = STRING.matcher(s).replaceAll("?");
        s = HEX.matcher(s).replaceAll("?");
        s = NUMBER.matcher(s).replaceAll("?");
        s = LIST.matcher(s).replaceAll("(?+)");
        s = VALUES.matcher(s).replaceAll("$1");
        s = SPACE.matcher(s).replaceAll(" ");
        return s.toLowerCase(Locale.ROOT);
    }
}
