package dev.dbrescue.binlog.value;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * SQL quoting that survives any data and either setting of {@code NO_BACKSLASH_ESCAPES}: identifiers in backticks
 * (doubled inside), strings in single quotes (doubled inside) only when they hold no backslash and no control
 * character; every other string is written as its bytes, {@code _charset X'...'}, which no sql_mode can misread.
 * Every literal stays on one line, so a generated statement is one line. Text stored in UTF-8 is copied as it is,
 * once checked to be well-formed.
 */
public final class SqlText {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    /** Charsets whose ASCII characters are not single ASCII bytes: 'N-' in ucs2 is one CJK character. */
    private static final Set<String> WIDE = Set.of("ucs2", "utf16", "utf16le", "utf32");
    /**
     * Charsets whose every 1- and 2-byte sequence Java decodes to the character the server converts it to (checked
     * against MariaDB 10.11's CONVERT by a review, 2026-11-21): their text is written as text. The others (sjis,
     * cp932, gbk, cp1256, greek, hebrew, ...) differ from Java on some characters, so their non-ASCII values are
     * written as bytes ({@code _sjis X'...'}), which the server takes as they are.
     */
    private static final Set<String> DECODED_AS_THE_SERVER_DOES = Set.of("latin1", "latin2", "cp1250", "cp1251",
            "cp1257", "latin5", "latin7", "koi8r", "cp850", "cp852", "gb2312", "ucs2", "utf16", "utf16le", "utf32");

    private SqlText() {
    }

    public static SqlBuffer identifier(SqlBuffer out, String name) {
        return out.append('`').append(name.replace("`", "``")).append('`');
    }

    public static String identifier(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    public static String qualified(String database, String table) {
        return identifier(database) + "." + identifier(table);
    }

    /** X'...': a binary string. */
    public static void hex(SqlBuffer out, byte[] b, int from, int length) {
        out.append('X').append('\'');
        for (int i = from; i < from + length; i++) {
            out.append(HEX[(b[i] >> 4) & 0xf]).append(HEX[b[i] & 0xf]);
        }
        out.append('\'');
    }

    /**
     * A character string stored in {@code charset} (the server's name), written so the server reads back the same
     * characters: as text when it can be decoded and quoted plainly, else as its bytes with the charset introducer.
     */
    public static void string(SqlBuffer out, byte[] b, int from, int length, String charset) {
        boolean utf8 = "utf8mb4".equals(charset) || "utf8mb3".equals(charset) || "utf8".equals(charset)
                || "ascii".equals(charset);
        boolean asciiCompatible = !WIDE.contains(charset);
        if (utf8 || asciiCompatible && plainAscii(b, from, length)) {
            if (quotableUtf8(b, from, length, "ascii".equals(charset) ? 0x80 : 0x110000)) {
                quoted(out, b, from, length);
                return;
            }
        } else if (DECODED_AS_THE_SERVER_DOES.contains(charset)) {
            Charset java = Collations.javaCharset(charset);
            String text = java == null ? null : decode(b, from, length, java);
            if (text != null && quotable(text)) {
                out.append('\'').append(text.replace("'", "''")).append('\'');
                return;
            }
        }
        // utf8 is what both MySQL 5.7 and newer servers call utf8mb3 in an introducer.
        out.append('_').append("utf8mb3".equals(charset) ? "utf8" : charset).append(' ');
        hex(out, b, from, length);
    }

    /** '...' around bytes already known to be printable UTF-8, quotes doubled. */
    private static void quoted(SqlBuffer out, byte[] b, int from, int length) {
        out.append('\'');
        int start = from;
        for (int i = from; i < from + length; i++) {
            if (b[i] == '\'') {
                out.appendBytes(b, start, i + 1 - start).append('\'');
                start = i + 1;
            }
        }
        out.appendBytes(b, start, from + length - start).append('\'');
    }

    private static boolean plainAscii(byte[] b, int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (b[i] < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Well-formed UTF-8 (shortest forms, no surrogates, below {@code limit}) with no control character, no backslash
     * and no line or paragraph separator: what can go between single quotes as it is.
     */
    private static boolean quotableUtf8(byte[] b, int from, int length, int limit) {
        int end = from + length;
        int i = from;
        while (i < end) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                if (c < 0x20 || c == 0x7f || c == '\\') {
                    return false;
                }
                i++;
                continue;
            }
            int n;
            int cp;
            if (c >= 0xc2 && c <= 0xdf) {
                n = 1;
                cp = c & 0x1f;
            } else if (c >= 0xe0 && c <= 0xef) {
                n = 2;
                cp = c & 0x0f;
            } else if (c >= 0xf0 && c <= 0xf4) {
                n = 3;
                cp = c & 0x07;
            } else {
                return false;
            }
            if (i + n >= end) {
                return false;
            }
            for (int k = 1; k <= n; k++) {
                int x = b[i + k] & 0xff;
                if ((x & 0xc0) != 0x80) {
                    return false;
                }
                cp = cp << 6 | (x & 0x3f);
            }
            boolean overlong = n == 2 && cp < 0x800 || n == 3 && cp < 0x10000;
            if (overlong || cp >= limit || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)
                    || (cp >= 0x80 && cp < 0xa0) || cp == 0x2028 || cp == 0x2029) {
                return false;
            }
            i += n + 1;
        }
        return true;
    }

    private static boolean quotable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\' || c == '\u2028' || c == '\u2029' || (c >= 0x80 && c < 0xa0)) {
                return false;
            }
        }
        return true;
    }

    private static String decode(byte[] b, int from, int length, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(b, from, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** A text literal for a Java string (names of ENUM and SET members, JSON documents). */
    public static void string(SqlBuffer out, String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        string(out, utf8, 0, utf8.length, "utf8mb4");
    }
}
