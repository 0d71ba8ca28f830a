package dev.dbrescue.binlog.value;


import java.io.IOException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Decodes one non-NULL cell of a row image straight into an SQL literal: no boxing, no intermediate objects for the
 * common types, because flashback writes millions of them. Layouts: docs/research/binlog-flashback.md, section 4;
 * the server's {@code mysys/my_time.cc} and {@code strings/decimal.cc}. TIMESTAMP values are written in UTC: the
 * generated SQL sets {@code time_zone = '+00:00'}, which avoids the hour a DST change makes ambiguous.
 */
public final class CellLiteral {

    private static final int[] DIG2BYTES = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4};
    private static final int[] POWERS = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};

    private CellLiteral() {
    }

    /**
     * Appends the literal of the cell at {@code at}.
     *
     * @return where the next cell begins
     * @throws IllegalArgumentException for a type that cannot be written
     */
    public static int append(SqlBuffer out, byte[] b, int at, Column c) {
        int meta = c.meta();
        switch (c.realType()) {
            case 1 -> { // TINYINT
                out.append(c.unsigned() ? b[at] & 0xff : b[at]);
                return at + 1;
            }
            case 2 -> { // SMALLINT
                int v = le(b, at, 2);
                out.append(c.unsigned() ? v : (short) v);
                return at + 2;
            }
            case 9 -> { // MEDIUMINT
                int v = le(b, at, 3);
                out.append(c.unsigned() ? v : (v << 8) >> 8);
                return at + 3;
            }
            case 3 -> { // INT
                int v = le(b, at, 4);
                out.append(c.unsigned() ? Integer.toUnsignedLong(v) : v);
                return at + 4;
            }
            case 8 -> { // BIGINT
                long v = le64(b, at);
                if (c.unsigned() && v < 0) {
                    out.append(Long.toUnsignedString(v));
                } else {
                    out.append(v);
                }
                return at + 8;
            }
            case 4 -> { // FLOAT: the double it widens to compares equal to the column and rounds back to it
                out.append((double) Float.intBitsToFloat(le(b, at, 4)));
                return at + 4;
            }
            case 5 -> { // DOUBLE
                out.append(Double.longBitsToDouble(le64(b, at)));
                return at + 8;
            }
            case 246 -> {
                return decimal(out, b, at, meta & 0xff, meta >> 8);
            }
            case 16 -> { // BIT(M): big-endian bytes, written as the number
                int bytes = ((meta >> 8) * 8 + (meta & 0xff) + 7) / 8;
                long v = 0;
                for (int i = 0; i < bytes; i++) {
                    v = v << 8 | (b[at + i] & 0xff);
                }
                out.append(Long.toUnsignedString(v));
                return at + bytes;
            }
            case 13 -> { // YEAR
                int v = b[at] & 0xff;
                out.append(v == 0 ? "0000" : Integer.toString(1900 + v));
                return at + 1;
            }
            case 10, 14 -> { // DATE
                int v = le(b, at, 3);
                out.append('\'');
                date(out, v >> 9, (v >> 5) & 15, v & 31);
                out.append('\'');
                return at + 3;
            }
            case 18 -> {
                return datetime2(out, b, at, meta);
            }
            case 17 -> {
                return timestamp2(out, b, at, meta);
            }
            case 19 -> {
                return time2(out, b, at, meta);
            }
            case 7 -> { // old TIMESTAMP: seconds, little-endian
                long seconds = le(b, at, 4) & 0xffffffffL;
                out.append('\'');
                timestamp(out, seconds, 0, 0);
                out.append('\'');
                return at + 4;
            }
            case 12 -> { // old DATETIME: YYYYMMDDhhmmss as an integer
                long v = le64(b, at);
                out.append('\'');
                date(out, (int) (v / 10000000000L), (int) (v / 100000000 % 100), (int) (v / 1000000 % 100));
                out.append(' ');
                clock(out, (int) (v / 10000 % 100), (int) (v / 100 % 100), (int) (v % 100));
                out.append('\'');
                return at + 8;
            }
            case 11 -> { // old TIME: signed HHMMSS
                int v = (le(b, at, 3) << 8) >> 8;
                out.append('\'');
                if (v < 0) {
                    out.append('-');
                    v = -v;
                }
                clock(out, v / 10000, v / 100 % 100, v % 100);
                out.append('\'');
                return at + 3;
            }
            case 247 -> { // ENUM: 1-based index
                int size = meta & 0xff;
                int index = le(b, at, size);
                if (c.values() != null && index >= 1 && index <= c.values().size()) {
                    SqlText.string(out, c.values().get(index - 1));
                } else {
                    out.append(index);
                }
                return at + size;
            }
            case 248 -> { // SET: bitmask
                int size = meta & 0xff;
                long bits = 0;
                for (int i = 0; i < size; i++) {
                    bits |= (b[at + i] & 0xffL) << (8 * i);
                }
                set(out, bits, c);
                return at + size;
            }
            case 15, 253 -> { // VARCHAR
                int prefix = meta < 256 ? 1 : 2;
                int length = le(b, at, prefix);
                text(out, b, at + prefix, length, c, false);
                return at + prefix + length;
            }
            case 254 -> { // CHAR, BINARY
                int prefix = c.fixedLength() < 256 ? 1 : 2;
                int length = le(b, at, prefix);
                text(out, b, at + prefix, length, c, true);
                return at + prefix + length;
            }
            case 252 -> { // BLOB, TEXT (and MariaDB's JSON)
                int length = le(b, at, meta);
                text(out, b, at + meta, length, c, false);
                return at + meta + length;
            }
            case 245 -> { // MySQL's binary JSON
                int length = le(b, at, meta);
                json(out, b, at + meta, length);
                return at + meta + length;
            }
            case 255, 242 -> { // GEOMETRY (SRID + WKB, as mysqldump --hex-blob writes it), VECTOR
                int length = le(b, at, meta);
                SqlText.hex(out, b, at + meta, length);
                return at + meta + length;
            }
            default -> throw new IllegalArgumentException("column " + c.name() + " has type " + c.realType()
                    + ", which flashback cannot write");
        }
    }

    private static void text(SqlBuffer out, byte[] b, int from, int length, Column c, boolean fixed) {
        if (Collations.BINARY.equals(c.charset())) {
            int padded = fixed ? Math.max(length, c.fixedLength()) : length;
            if (padded == length) {
                SqlText.hex(out, b, from, length);
            } else {
                // BINARY(n): the log drops trailing zero bytes; the column holds them, and WHERE must match them.
                byte[] full = new byte[padded];
                System.arraycopy(b, from, full, 0, length);
                SqlText.hex(out, full, 0, padded);
            }
        } else if (c.charset() == null) {
            SqlText.hex(out, b, from, length); // a binary string is stored as its bytes in any character column
        } else {
            SqlText.string(out, b, from, length, c.charset());
        }
    }

    private static void json(SqlBuffer out, byte[] b, int from, int length) {
        byte[] value = new byte[length];
        System.arraycopy(b, from, value, 0, length);
        JsonSql.append(out, value);
    }

    private static void set(SqlBuffer out, long bits, Column c) {
        if (c.values() == null) {
            out.append(Long.toUnsignedString(bits));
            return;
        }
        StringBuilder members = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            if ((bits & (1L << i)) != 0) {
                if (i >= c.values().size()) {
                    out.append(Long.toUnsignedString(bits));
                    return;
                }
                if (members.length() > 0) {
                    members.append(',');
                }
                members.append(c.values().get(i));
            }
        }
        SqlText.string(out, members.toString());
    }

    /** NEWDECIMAL: groups of 9 digits in 4 bytes, big-endian; negative values inverted, the sign in the top bit. */
    static int decimal(SqlBuffer out, byte[] b, int at, int precision, int scale) {
        int integral = precision - scale;
        int size = integral / 9 * 4 + DIG2BYTES[integral % 9] + scale / 9 * 4 + DIG2BYTES[scale % 9];
        boolean negative = (b[at] & 0x80) == 0;
        int mask = negative ? 0xff : 0;
        int p = at;
        StringBuilder digits = new StringBuilder(precision + 2);
        int leading = integral % 9;
        if (leading > 0) {
            int n = DIG2BYTES[leading];
            digits.append(group(b, p, n, mask, p == at));
            p += n;
        }
        for (int i = 0; i < integral / 9; i++) {
            pad(digits, group(b, p, 4, mask, p == at), 9);
            p += 4;
        }
        int firstNonZero = 0;
        while (firstNonZero < digits.length() - 1 && digits.charAt(firstNonZero) == '0') {
            firstNonZero++;
        }
        String whole = digits.length() == 0 ? "0" : digits.substring(firstNonZero);
        StringBuilder fraction = new StringBuilder(scale);
        for (int i = 0; i < scale / 9; i++) {
            pad(fraction, group(b, p, 4, mask, p == at), 9);
            p += 4;
        }
        int trailing = scale % 9;
        if (trailing > 0) {
            pad(fraction, group(b, p, DIG2BYTES[trailing], mask, p == at), trailing);
            p += DIG2BYTES[trailing];
        }
        boolean zero = "0".equals(whole) && fraction.chars().allMatch(ch -> ch == '0');
        if (negative && !zero) {
            out.append('-');
        }
        out.append(whole);
        if (scale > 0) {
            out.append('.').append(fraction);
        }
        return at + size;
    }

    private static long group(byte[] b, int at, int n, int mask, boolean first) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            int x = b[at + i] & 0xff;
            if (first && i == 0) {
                x ^= 0x80;
            }
            v = v << 8 | (x ^ mask);
        }
        return v;
    }

    private static void pad(StringBuilder out, long v, int width) {
        String s = Long.toString(v);
        for (int i = s.length(); i < width; i++) {
            out.append('0');
        }
        out.append(s);
    }

    /** Microseconds from the fractional bytes of a temporal value ({@code (fsp + 1) / 2} bytes, big-endian). */
    private static int micros(byte[] b, int at, int fsp) {
        return switch ((fsp + 1) / 2) {
            case 1 -> (b[at] & 0xff) * 10000;
            case 2 -> be(b, at, 2) * 100;
            case 3 -> be(b, at, 3);
            default -> 0;
        };
    }

    private static int datetime2(SqlBuffer out, byte[] b, int at, int fsp) {
        long packed = beLong(b, at, 5) - 0x8000000000L;
        int us = micros(b, at + 5, fsp);
        long ymd = packed >> 17;
        long ym = ymd >> 5;
        int hms = (int) (packed % (1 << 17));
        out.append('\'');
        date(out, (int) (ym / 13), (int) (ym % 13), (int) (ymd % 32));
        out.append(' ');
        clock(out, hms >> 12, (hms >> 6) % 64, hms % 64);
        fraction(out, us, fsp);
        out.append('\'');
        return at + 5 + (fsp + 1) / 2;
    }

    private static int timestamp2(SqlBuffer out, byte[] b, int at, int fsp) {
        long seconds = beLong(b, at, 4);
        int us = micros(b, at + 4, fsp);
        out.append('\'');
        timestamp(out, seconds, us, fsp);
        out.append('\'');
        return at + 4 + (fsp + 1) / 2;
    }

    private static void timestamp(SqlBuffer out, long seconds, int us, int fsp) {
        if (seconds == 0 && us == 0) {
            out.append("0000-00-00 00:00:00");
            fraction(out, 0, fsp);
            return;
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        date(out, t.getYear(), t.getMonthValue(), t.getDayOfMonth());
        out.append(' ');
        clock(out, t.getHour(), t.getMinute(), t.getSecond());
        fraction(out, us, fsp);
    }

    private static int time2(SqlBuffer out, byte[] b, int at, int fsp) {
        long packed;
        long intpart = be(b, at, 3) - 0x800000L;
        switch ((fsp + 1) / 2) {
            case 1 -> {
                int frac = b[at + 3] & 0xff;
                if (intpart < 0 && frac != 0) {
                    intpart++;
                    frac -= 0x100; // negative values keep the fraction as its complement
                }
                packed = (intpart << 24) + frac * 10000L;
            }
            case 2 -> {
                int frac = be(b, at + 3, 2);
                if (intpart < 0 && frac != 0) {
                    intpart++;
                    frac -= 0x10000;
                }
                packed = (intpart << 24) + frac * 100L;
            }
            case 3 -> packed = beLong(b, at, 6) - 0x800000000000L;
            default -> packed = intpart << 24;
        }
        out.append('\'');
        if (packed < 0) {
            out.append('-');
            packed = -packed;
        }
        long hms = packed >> 24;
        int hour = (int) ((hms >> 12) % 1024);
        if (hour < 10) {
            out.append('0');
        }
        out.append(hour).append(':');
        two(out, (int) ((hms >> 6) % 64));
        out.append(':');
        two(out, (int) (hms % 64));
        fraction(out, (int) (packed % (1 << 24)), fsp);
        out.append('\'');
        return at + 3 + (fsp + 1) / 2;
    }

    private static void date(SqlBuffer out, int year, int month, int day) {
        String y = Integer.toString(year);
        for (int i = y.length(); i < 4; i++) {
            out.append('0');
        }
        out.append(y).append('-');
        two(out, month);
        out.append('-');
        two(out, day);
    }

    private static void clock(SqlBuffer out, int hour, int minute, int second) {
        two(out, hour);
        out.append(':');
        two(out, minute);
        out.append(':');
        two(out, second);
    }

    private static void fraction(SqlBuffer out, int us, int fsp) {
        if (fsp <= 0) {
            return;
        }
        out.append('.');
        int digits = us / POWERS[6 - fsp];
        String s = Integer.toString(digits);
        for (int i = s.length(); i < fsp; i++) {
            out.append('0');
        }
        out.append(s);
    }

    private static void two(SqlBuffer out, int v) {
        if (v < 10) {
            out.append('0');
        }
        out.append(v);
    }

    static int le(byte[] b, int at, int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            v |= (b[at + i] & 0xff) << (8 * i);
        }
        return v;
    }

    private static long le64(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (b[at + i] & 0xffL) << (8 * i);
        }
        return v;
    }

    private static int be(byte[] b, int at, int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            v = v << 8 | (b[at + i] & 0xff);
        }
        return v;
    }

    private static long beLong(byte[] b, int at, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = v << 8 | (b[at + i] & 0xffL);
        }
        return v;
    }
}
