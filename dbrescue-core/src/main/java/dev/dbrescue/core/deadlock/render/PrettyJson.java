package dev.dbrescue.core.deadlock.render;

import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;

/**
 * Writes JSON exactly as Jackson's {@code JsonGenerator} does with its {@code DefaultPrettyPrinter} (the text of
 * {@code deadlocks parse --format json} since its first version), faster, and with far less code for the JIT compiler
 * to compile in a short CLI run:
 * <pre>
 * {
 *   "name" : "value",
 *   "list" : [ 1, 2 ],
 *   "objects" : [ {
 *     "empty" : [ ]
 *   }, { } ]
 * }
 * </pre>
 * Objects put each field on a line of its own, indented by two spaces per open object; arrays stay on the line,
 * values separated by {@code ", "}. Strings escape {@code "}, the backslash and the control characters below
 * U+0020 (as backslash n, t, ..., else backslash u00XX, upper case hex); nothing else. Doubles print as
 * {@link Double#toString}, and NaN and the infinities as strings. {@code PrettyJsonTest} compares the two writers on
 * random documents.
 * <p>
 * The output is a few gigabytes for a big log, most of it short pieces (names, indentation, numbers): each piece is
 * copied into the buffer with as few calls and checks as possible, room for it being made once beforehand.
 */
final class PrettyJson implements JsonOutput {

    private static final char[] HEX_DIGITS = "0123456789ABCDEF".toCharArray();
    private static final char[] NULL = "null".toCharArray();
    private static final char[] TRUE = "true".toCharArray();
    private static final char[] FALSE = "false".toCharArray();
    /** The most a character can take escaped: backslash u00XX. */
    private static final int ESCAPED_MAX = 6;

    private final Writer out;
    private final String lineSeparator = System.lineSeparator();
    private final char[] buffer = new char[32 * 1024];
    private int length;

    /** Per open object or array, innermost last: how many fields or values it has so far. */
    private int[] entries = new int[16];
    private int depth;
    /** Open objects: the indentation level. Arrays do not indent. */
    private int objects;
    /** The line separator and the indentation of each level, made when first needed. */
    private char[][] newLines = new char[8][];
    private int rootValues;
    private boolean afterName;

    PrettyJson(Writer out) {
        this.out = out;
    }

    @Override
    public void writeStartObject() throws IOException {
        beforeValue();
        put('{');
        open();
        objects++;
    }

    @Override
    public void writeEndObject() throws IOException {
        int fields = close();
        objects--;
        if (fields > 0) {
            put(newLine());
        } else {
            put(' ');
        }
        put('}');
    }

    @Override
    public void writeStartArray() throws IOException {
        beforeValue();
        put('[');
        open();
    }

    @Override
    public void writeEndArray() throws IOException {
        close();
        put(' ');
        put(']');
    }

    @Override
    public void writeFieldName(JsonName name) throws IOException {
        char[] newLine = newLine();
        char[] quoted = name.pretty();
        room(1 + newLine.length + quoted.length);
        if (entries[depth - 1]++ > 0) {
            buffer[length++] = ',';
        }
        System.arraycopy(newLine, 0, buffer, length, newLine.length);
        System.arraycopy(quoted, 0, buffer, length + newLine.length, quoted.length);
        length += newLine.length + quoted.length;
        afterName = true;
    }

    @Override
    public void writeString(String value) throws IOException {
        if (value == null) {
            writeNull();
            return;
        }
        beforeValue();
        int n = value.length();
        if ((long) n * ESCAPED_MAX + 2 > buffer.length) {
            quotedInPieces(value);
            return;
        }
        room(n * ESCAPED_MAX + 2);
        char[] b = buffer;
        int at = length;
        b[at++] = '"';
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                b[at++] = c;
            } else {
                at = escape(b, at, c);
            }
        }
        b[at++] = '"';
        length = at;
    }

    @Override
    public void writeNumber(long value) throws IOException {
        beforeValue();
        if (value == Long.MIN_VALUE) {
            put(Long.toString(value).toCharArray());
            return;
        }
        room(20);
        if (value < 0) {
            buffer[length++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        for (int i = length + digits - 1; i >= length; i--) {
            buffer[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        length += digits;
    }

    @Override
    public void writeNumber(double value) throws IOException {
        if (!Double.isFinite(value)) {
            writeString(Double.toString(value));
            return;
        }
        beforeValue();
        put(Double.toString(value).toCharArray());
    }

    @Override
    public void writeBoolean(boolean value) throws IOException {
        beforeValue();
        put(value ? TRUE : FALSE);
    }

    @Override
    public void writeNull() throws IOException {
        beforeValue();
        put(NULL);
    }

    /** Text as is, outside the JSON structure (the line break after the document). */
    void writeRaw(String text) throws IOException {
        put(text.toCharArray());
    }

    /** Everything written so far to the writer, and the writer flushed. */
    void flush() throws IOException {
        drain();
        out.flush();
    }

    /**
     * What goes before a value: nothing first at the root, nothing after a name (its {@code " : "} is written with
     * it), {@code ", "} or {@code " "} in an array.
     */
    private void beforeValue() throws IOException {
        if (afterName) {
            afterName = false;
        } else if (depth == 0) {
            if (rootValues++ > 0) {
                put(' ');
            }
        } else {
            room(2);
            if (entries[depth - 1]++ > 0) {
                buffer[length++] = ',';
            }
            buffer[length++] = ' ';
        }
    }

    private void open() {
        if (depth == entries.length) {
            entries = Arrays.copyOf(entries, depth * 2);
        }
        entries[depth++] = 0;
    }

    /** Closes the innermost object or array; how many fields or values it had. */
    private int close() {
        return entries[--depth];
    }

    /** The line separator and the indentation of the current level. */
    private char[] newLine() {
        if (objects >= newLines.length) {
            newLines = Arrays.copyOf(newLines, objects * 2);
        }
        char[] chars = newLines[objects];
        if (chars == null) {
            chars = (lineSeparator + " ".repeat(2 * objects)).toCharArray();
            newLines[objects] = chars;
        }
        return chars;
    }

    /** Writes the escape of {@code c} at {@code at}; where it ends. */
    private static int escape(char[] b, int at, char c) {
        b[at++] = '\\';
        switch (c) {
            case '"', '\\' -> b[at++] = c;
            case '\b' -> b[at++] = 'b';
            case '\t' -> b[at++] = 't';
            case '\f' -> b[at++] = 'f';
            case '\n' -> b[at++] = 'n';
            case '\r' -> b[at++] = 'r';
            default -> {
                b[at++] = 'u';
                b[at++] = '0';
                b[at++] = '0';
                b[at++] = HEX_DIGITS[c >> 4];
                b[at++] = HEX_DIGITS[c & 0xF];
            }
        }
        return at;
    }

    /** A string too long for the buffer, a character at a time. */
    private void quotedInPieces(String value) throws IOException {
        put('"');
        for (int i = 0; i < value.length(); i++) {
            room(ESCAPED_MAX);
            char c = value.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                buffer[length++] = c;
            } else {
                length = escape(buffer, length, c);
            }
        }
        put('"');
    }

    private void put(char c) throws IOException {
        room(1);
        buffer[length++] = c;
    }

    /** Short constant text (never longer than the buffer). */
    private void put(char[] chars) throws IOException {
        room(chars.length);
        System.arraycopy(chars, 0, buffer, length, chars.length);
        length += chars.length;
    }

    /** Room for {@code n} more characters, {@code n} at most the buffer's size. */
    private void room(int n) throws IOException {
        if (length + n > buffer.length) {
            drain();
        }
    }

    private void drain() throws IOException {
        out.write(buffer, 0, length);
        length = 0;
    }
}
