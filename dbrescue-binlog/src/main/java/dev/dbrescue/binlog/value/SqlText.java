package dev.dbrescue.binlog.value;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * SQL quoting that survives any data and either setting of {@code NO_BACKSLASH_ESCAPES}: identifiers in backticks
 * (doubled inside), strings in single quotes (doubled inside) only when they hold no backslash and no control
 * character; every other string is written as its bytes, {@code _charset X'...'}, which no sql_mode can misread.
 * Every literal stays on one line, so a generated statement is one line.
 */
public final class SqlText {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private SqlText() {
    }

    public static StringBuilder identifier(StringBuilder out, String name) {
        out.append('`');
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            out.append(c);
            if (c == '`') {
                out.append('`');
            }
        }
        return out.append('`');
    }

    public static String identifier(String name) {
        return identifier(new StringBuilder(name.length() + 2), name).toString();
    }

    public static String qualified(String database, String table) {
        return identifier(new StringBuilder(), database).append('.').append(identifier(table)).toString();
    }

    /** X'...': a binary string. */
    public static void hex(StringBuilder out, byte[] b, int from, int length) {
        out.append("X'");
        for (int i = from; i < from + length; i++) {
            out.append(HEX[(b[i] >> 4) & 0xf]).append(HEX[b[i] & 0xf]);
        }
        out.append('\'');
    }

    /**
     * A character string stored in {@code charset} (the server's name), written so the server reads back the same
     * characters: as text when it can be decoded and quoted plainly, else as its bytes with the charset introducer.
     */
    public static void string(StringBuilder out, byte[] b, int from, int length, String charset) {
        if (plainAscii(b, from, length)) {
            out.append('\'');
            for (int i = from; i < from + length; i++) {
                char c = (char) b[i];
                out.append(c);
                if (c == '\'') {
                    out.append('\'');
                }
            }
            out.append('\'');
            return;
        }
        Charset java = Collations.javaCharset(charset);
        if (java != null) {
            String text = decode(b, from, length, java);
            if (text != null && quotable(text)) {
                out.append('\'');
                for (int i = 0; i < text.length(); i++) {
                    char c = text.charAt(i);
                    out.append(c);
                    if (c == '\'') {
                        out.append('\'');
                    }
                }
                out.append('\'');
                return;
            }
        }
        // utf8 is what both MySQL 5.7 and newer servers call utf8mb3 in an introducer.
        out.append('_').append("utf8mb3".equals(charset) ? "utf8" : charset).append(' ');
        hex(out, b, from, length);
    }

    /** Printable ASCII without backslash: the common case, copied without decoding. */
    private static boolean plainAscii(byte[] b, int from, int length) {
        for (int i = from; i < from + length; i++) {
            int c = b[i];
            if (c < 0x20 || c > 0x7e || c == '\\') {
                return false;
            }
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
    public static void string(StringBuilder out, String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        string(out, utf8, 0, utf8.length, "utf8mb4");
    }
}
