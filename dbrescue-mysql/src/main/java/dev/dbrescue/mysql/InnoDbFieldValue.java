package dev.dbrescue.mysql;

import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the bytes of one InnoDB index record field (as a deadlock report prints them in hex) as the value of its
 * column, given the column's type from information_schema.COLUMNS.COLUMN_TYPE. InnoDB stores keys so that they sort
 * as bytes; the layouts, each checked against a real MariaDB 10.11 deadlock report (see InnoDbFieldValueTest):
 * <ul>
 * <li>signed integers, DATE: big-endian with the sign bit flipped; unsigned integers, BIT, ENUM, SET: big-endian;
 *     YEAR: one byte, 1900 + n (0 is 0000);</li>
 * <li>DATETIME(n), TIMESTAMP(n), TIME(n): MySQL 5.6's binary formats (5, 4 and 3 bytes, then 0-3 bytes of fraction):
 *     TIMESTAMP is seconds since the epoch in UTC;</li>
 * <li>DECIMAL(p,s): MySQL's packed decimal, nine digits per four bytes, sign bit flipped, negatives inverted;</li>
 * <li>FLOAT and DOUBLE: IEEE 754, little-endian.</li>
 * </ul>
 * Strings are left to the report's own text. Anything else, a value shortened by the server, or a temporal column
 * in the pre-5.6 format (COLUMN_TYPE carries a comment such as {@code /* mariadb-5.3 *}{@code /}) reads as null:
 * no guessing.
 */
final class InnoDbFieldValue {

    private static final Pattern TYPE = Pattern.compile("^([a-z]+)(?:\\(([^)]*)\\))?(.*)$", Pattern.DOTALL);
    private static final Pattern QUOTED = Pattern.compile("'((?:[^']|'')*)'");
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final int[] DIGIT_BYTES = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4};

    private InnoDbFieldValue() {
    }

    /** The value, as SQL would show it; null when the type is not one read here or the bytes do not fit it. */
    static String of(String columnType, String hex) {
        if (columnType == null || hex == null || hex.isEmpty() || hex.length() % 2 != 0) {
            return null;
        }
        Matcher m = TYPE.matcher(columnType.toLowerCase(Locale.ROOT).strip());
        if (!m.matches() || (m.group(3).contains("/*") && !m.group(1).equals("enum") && !m.group(1).equals("set"))) {
            return null;
        }
        byte[] b;
        try {
            b = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException notHex) {
            return null;
        }
        String args = m.group(2);
        boolean unsigned = m.group(3).contains("unsigned");
        String name = m.group(1);
        if (name.equals("enum") || name.equals("set")) {
            args = columnType.substring(name.length()); // labels may hold parentheses
        }
        try {
            return switch (name) {
                case "tinyint", "smallint", "mediumint", "int", "integer", "bigint" -> integer(b, unsigned);
                case "year" -> b.length == 1 ? (b[0] == 0 ? "0000" : String.valueOf(1900 + (b[0] & 0xff))) : null;
                case "date" -> b.length == 3 ? date(signedFlipped(b).longValueExact()) : null;
                case "datetime" -> datetime(b, fsp(args));
                case "timestamp" -> timestamp(b, fsp(args));
                case "time" -> time(b, fsp(args));
                case "decimal", "numeric" -> decimal(b, args);
                case "float" -> b.length == 4 ? String.valueOf(Float.intBitsToFloat(littleEndian(b).intValue())) : null;
                case "double", "real" -> b.length == 8 ? String.valueOf(Double.longBitsToDouble(littleEndian(b).longValue())) : null;
                case "bit" -> "b'" + new BigInteger(1, b).toString(2) + "'";
                case "enum" -> label(labels(args), new BigInteger(1, b).intValueExact() - 1);
                case "set" -> members(labels(args), new BigInteger(1, b).longValueExact());
                default -> null;
            };
        } catch (ArithmeticException | IndexOutOfBoundsException | NumberFormatException doesNotFit) {
            return null;
        }
    }

    private static String integer(byte[] b, boolean unsigned) {
        if (b.length < 1 || b.length > 8) {
            return null;
        }
        return (unsigned ? new BigInteger(1, b) : signedFlipped(b)).toString();
    }

    /** Big-endian with the top bit flipped: how InnoDB makes signed values sort as bytes. */
    private static BigInteger signedFlipped(byte[] b) {
        byte[] copy = b.clone();
        copy[0] ^= (byte) 0x80;
        return new BigInteger(copy);
    }

    private static BigInteger littleEndian(byte[] b) {
        byte[] reversed = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            reversed[i] = b[b.length - 1 - i];
        }
        return new BigInteger(1, reversed);
    }

    /** DATE: day + 32 * month + 512 * year. */
    private static String date(long v) {
        return String.format(Locale.ROOT, "%04d-%02d-%02d", v >> 9, (v >> 5) & 15, v & 31);
    }

    /** DATETIME2: 40 bits (sign, 17 bits year * 13 + month, 5 day, 5 hour, 6 minute, 6 second), then the fraction. */
    private static String datetime(byte[] b, int fsp) {
        if (b.length != 5 + fractionBytes(fsp)) {
            return null;
        }
        long v = unsigned(b, 0, 5) - 0x8000000000L;
        long ymd = v >> 17;
        long yearMonth = ymd >> 5;
        long hms = v & ((1 << 17) - 1);
        return String.format(Locale.ROOT, "%04d-%02d-%02d %02d:%02d:%02d", yearMonth / 13, yearMonth % 13, ymd & 31,
                hms >> 12, (hms >> 6) & 63, hms & 63) + fraction(b, 5, fsp);
    }

    /** TIMESTAMP2: seconds since 1970 UTC in 4 bytes, then the fraction. Shown in UTC: the session time zone is not known. */
    private static String timestamp(byte[] b, int fsp) {
        if (b.length != 4 + fractionBytes(fsp)) {
            return null;
        }
        long seconds = unsigned(b, 0, 4);
        return UTC.format(Instant.ofEpochSecond(seconds)) + fraction(b, 4, fsp) + " UTC";
    }

    /**
     * TIME2: 24 bits (sign, 1 unused, 10 hour, 6 minute, 6 second) offset by 0x800000, then the fraction. As in
     * MySQL's my_time_packed_from_binary: a negative time with a fraction stores the integer part one lower (the
     * fraction borrowed from it), and six-digit fractions are read together with the integer part.
     */
    private static String time(byte[] b, int fsp) {
        int fracBytes = fractionBytes(fsp);
        if (b.length != 3 + fracBytes) {
            return null;
        }
        long intPart = unsigned(b, 0, 3) - 0x800000L;
        long packed;
        if (fracBytes == 0) {
            packed = intPart << 24;
        } else if (fracBytes == 1 || fracBytes == 2) {
            long frac = unsigned(b, 3, fracBytes);
            if (intPart < 0 && frac != 0) {
                intPart++;
                frac -= 1L << (8 * fracBytes);
            }
            packed = (intPart << 24) + frac * (fracBytes == 1 ? 10_000 : 100);
        } else {
            packed = unsigned(b, 0, 6) - 0x800000000000L;
        }
        boolean negative = packed < 0;
        packed = Math.abs(packed);
        long hms = packed >> 24;
        long micros = packed & ((1 << 24) - 1);
        String text = String.format(Locale.ROOT, "%s%02d:%02d:%02d", negative ? "-" : "", (hms >> 12) & 0x3ff,
                (hms >> 6) & 63, hms & 63);
        return fsp == 0 ? text : text + "." + String.format(Locale.ROOT, "%06d", micros).substring(0, fsp);
    }

    private static long unsigned(byte[] b, int from, int length) {
        long v = 0;
        for (int i = from; i < from + length; i++) {
            v = (v << 8) | (b[i] & 0xff);
        }
        return v;
    }

    private static int fsp(String args) {
        int fsp = args == null || args.isBlank() ? 0 : Integer.parseInt(args.strip());
        if (fsp < 0 || fsp > 6) {
            throw new NumberFormatException("fsp " + fsp);
        }
        return fsp;
    }

    private static int fractionBytes(int fsp) {
        return (fsp + 1) / 2;
    }

    /** The fraction stored after a temporal value: (fsp + 1) / 2 big-endian bytes, in units of 10^-(2 * bytes). */
    private static String fraction(byte[] b, int from, int fsp) {
        if (fsp == 0) {
            return "";
        }
        long stored = unsigned(b, from, b.length - from);
        long micros = switch (b.length - from) {
            case 1 -> stored * 10_000;
            case 2 -> stored * 100;
            default -> stored;
        };
        return "." + String.format(Locale.ROOT, "%06d", micros).substring(0, fsp);
    }

    /** Packed DECIMAL(p,s): integer digits then fraction digits, groups of nine in four bytes, the rest in fewer. */
    private static String decimal(byte[] stored, String args) {
        String[] ps = args == null ? new String[]{"10"} : args.split(",");
        int precision = Integer.parseInt(ps[0].strip());
        int scale = ps.length > 1 ? Integer.parseInt(ps[1].strip()) : 0;
        int intDigits = precision - scale;
        int length = DIGIT_BYTES[intDigits % 9] + intDigits / 9 * 4 + scale / 9 * 4 + DIGIT_BYTES[scale % 9];
        if (stored.length != length) {
            return null;
        }
        byte[] b = stored.clone();
        boolean negative = (b[0] & 0x80) == 0;
        b[0] ^= (byte) 0x80;
        if (negative) {
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) ~b[i];
            }
        }
        StringBuilder integer = new StringBuilder();
        int pos = 0;
        int leading = DIGIT_BYTES[intDigits % 9];
        if (leading > 0) {
            integer.append(unsigned(b, 0, leading));
            pos = leading;
        }
        for (int i = 0; i < intDigits / 9; i++, pos += 4) {
            integer.append(String.format(Locale.ROOT, "%09d", unsigned(b, pos, 4)));
        }
        StringBuilder fraction = new StringBuilder();
        for (int i = 0; i < scale / 9; i++, pos += 4) {
            fraction.append(String.format(Locale.ROOT, "%09d", unsigned(b, pos, 4)));
        }
        if (scale % 9 > 0) {
            long rest = unsigned(b, pos, DIGIT_BYTES[scale % 9]);
            fraction.append(String.format(Locale.ROOT, "%0" + (scale % 9) + "d", rest));
        }
        String digits = integer.toString().replaceFirst("^0+(?=.)", "");
        if (digits.isEmpty()) {
            digits = "0";
        }
        return (negative ? "-" : "") + digits + (scale > 0 ? "." + fraction : "");
    }

    /** ENUM('a','b') / SET('a','b') labels, quotes undone. */
    private static List<String> labels(String args) {
        List<String> labels = new ArrayList<>();
        Matcher m = QUOTED.matcher(args == null ? "" : args);
        while (m.find()) {
            labels.add(m.group(1).replace("''", "'"));
        }
        return labels;
    }

    private static String label(List<String> labels, int index) {
        return index == -1 ? "''" : "'" + labels.get(index) + "'";
    }

    private static String members(List<String> labels, long bits) {
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < labels.size() && i < 64; i++) {
            if ((bits & (1L << i)) != 0) {
                chosen.add(labels.get(i));
            }
        }
        return "'" + String.join(",", chosen) + "'";
    }
}
