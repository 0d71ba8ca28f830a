package dev.dbrescue.binlog.value;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * SQL text built as UTF-8 bytes: text columns already stored in UTF-8 are copied byte for byte, with no decoding into
 * chars and no encoding back, which is most of the cost of writing millions of rows. Everything appended is UTF-8;
 * {@link #append(char)} takes ASCII only (non-ASCII text goes through {@link #append(String)}).
 */
public final class SqlBuffer {

    private byte[] bytes;
    private int length;

    public SqlBuffer(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    public SqlBuffer append(char ascii) {
        if (ascii >= 0x80) {
            return append(String.valueOf(ascii));
        }
        ensure(1);
        bytes[length++] = (byte) ascii;
        return this;
    }

    public SqlBuffer append(String text) {
        int n = text.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                // Not ASCII: let the JDK encode the rest (surrogate pairs included).
                byte[] utf8 = text.substring(i).getBytes(StandardCharsets.UTF_8);
                return appendBytes(utf8, 0, utf8.length);
            }
            bytes[length++] = (byte) c;
        }
        return this;
    }

    public SqlBuffer append(long value) {
        if (value == Long.MIN_VALUE) {
            return append("-9223372036854775808");
        }
        ensure(20);
        if (value < 0) {
            bytes[length++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        int end = length + digits;
        for (int i = end - 1; i >= length; i--) {
            bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length = end;
        return this;
    }

    public SqlBuffer append(double value) {
        return append(Double.toString(value));
    }

    public SqlBuffer append(CharSequence text) {
        return append(text.toString());
    }

    public SqlBuffer append(SqlBuffer other) {
        return appendBytes(other.bytes, 0, other.length);
    }

    /** Appends bytes {@code from} to {@code to} of another buffer. */
    public SqlBuffer append(SqlBuffer other, int from, int to) {
        return appendBytes(other.bytes, from, to - from);
    }

    public SqlBuffer appendBytes(byte[] b, int from, int n) {
        ensure(n);
        System.arraycopy(b, from, bytes, length, n);
        length += n;
        return this;
    }

    public int length() {
        return length;
    }

    public boolean isEmpty() {
        return length == 0;
    }

    public void setLength(int newLength) {
        length = newLength;
    }

    public byte[] toBytes() {
        return Arrays.copyOf(bytes, length);
    }

    /** The text from byte {@code from} (a position this buffer returned by {@link #length()}) to the end. */
    public String substring(int from) {
        return new String(bytes, from, length - from, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
