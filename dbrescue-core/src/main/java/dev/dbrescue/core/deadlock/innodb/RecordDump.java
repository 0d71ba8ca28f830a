package dev.dbrescue.core.deadlock.innodb;

import dev.dbrescue.core.deadlock.RecordField;
import dev.dbrescue.core.deadlock.TextScan;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * The index records under a record lock ({@code rec_print_new}/{@code rec_print_old}):
 * <pre>
 * Record lock, heap no 3 PHYSICAL RECORD: n_fields 6; compact format; info bits 0
 *  0: len 4; hex 80000002; asc     ;;
 *  1: len 6; hex 000000003404; asc     4 ;;
 *  9: SQL NULL;
 *  4: len 30; hex 3037...63; asc 0751f...; (total 32 bytes);     (MySQL 5.7+: a long value, shortened)
 * </pre>
 * MySQL 5.0/5.1 print all fields of a record on one line ({@code 0: len 6; hex ...; asc ...;; 1: len 6; ...}). The
 * {@code asc} part is not read: it shows unprintable bytes as spaces, and copies of reports often squeeze those, so
 * the values are decoded from {@code hex}.
 */
final class RecordDump {

    /** The pseudo-record above the largest key, always heap no 1; its one field spells "supremum". */
    static final String SUPREMUM_HEX = "73757072656d756d";

    private static final String HEAP = "Record lock, heap no ";

    private RecordDump() {
    }

    /** The heap number of a {@code Record lock, heap no N ...} line, or -1 when the line is not one. */
    static int heapNo(String line) {
        if (!line.startsWith(HEAP)) {
            return -1;
        }
        int end = TextScan.digitsEnd(line, HEAP.length());
        Integer heap = Numbers.toInt(line, HEAP.length(), end);
        return heap == null ? -1 : heap;
    }

    /** {@code  0: len 4; hex ...} or {@code  9: SQL NULL;}, after optional spaces. */
    static boolean isFieldLine(String line) {
        int i = 0;
        int n = line.length();
        while (i < n && line.charAt(i) == ' ') {
            i++;
        }
        int digits = i;
        while (i < n && Character.isDigit(line.charAt(i))) {
            i++;
        }
        return i > digits && (line.startsWith(": len ", i) || line.startsWith(": SQL NULL", i));
    }

    /** A field as printed, before decoding. */
    record RawField(int number, int length, String hex, boolean truncated) {
    }

    /**
     * Reads every field printed on the line (one, or all of a record in MySQL 5.0/5.1). Hand-written rather than a
     * regular expression: record dumps are most of a deadlock report's lines.
     */
    static void fields(String line, Consumer<RawField> out) {
        RawField previous = null;
        int previousEnd = 0;
        int at = nextField(line, 0);
        while (at >= 0) {
            int colon = line.indexOf(':', at);
            Integer number = Numbers.toInt(line, at, colon);
            int i = colon + 2;
            RawField field = null;
            if (line.startsWith("SQL NULL", i)) {
                field = number == null ? null : new RawField(number, -1, null, false);
                i += 8;
            } else {
                i += 4;
                int semi = line.indexOf(';', i);
                if (semi > i && line.startsWith("; hex ", semi)) {
                    Integer length = Numbers.toInt(line, i, semi);
                    int h = semi + 6;
                    int hexEnd = h;
                    while (hexEnd < line.length() && Character.digit(line.charAt(hexEnd), 16) >= 0) {
                        hexEnd++;
                    }
                    if (number != null && length != null) {
                        String hex = line.substring(h, hexEnd).toLowerCase(java.util.Locale.ROOT);
                        field = new RawField(number, length, hex, hex.length() / 2 < length);
                    }
                    i = hexEnd;
                }
            }
            int next = nextField(line, i);
            if (previous != null) {
                out.accept(withTotal(previous, line, previousEnd, at));
            }
            previous = field;
            previousEnd = i;
            at = next;
        }
        if (previous != null) {
            out.accept(withTotal(previous, line, previousEnd, line.length()));
        }
    }

    /** Where the next {@code N: len } or {@code N: SQL NULL} starts (N after a space, a semicolon or the line start). */
    private static int nextField(String line, int from) {
        int colon = line.indexOf(": ", from);
        while (colon > 0) {
            int d = colon;
            while (d > from && Character.isDigit(line.charAt(d - 1))) {
                d--;
            }
            boolean bounded = d == 0 || line.charAt(d - 1) == ' ' || line.charAt(d - 1) == ';';
            if (d < colon && bounded && (line.startsWith(": len ", colon) || line.startsWith(": SQL NULL", colon))) {
                return d;
            }
            colon = line.indexOf(": ", colon + 2);
        }
        return -1;
    }

    /** MySQL 5.7+ prints {@code len 30; ...; (total 32 bytes);} for a shortened value: the length is the total. */
    private static RawField withTotal(RawField f, String line, int from, int to) {
        if (f.hex() == null) {
            return f;
        }
        int total = line.indexOf("(total ", from);
        if (total >= 0 && total < to) {
            int digits = total + 7;
            int end = digits;
            while (end < line.length() && Character.isDigit(line.charAt(end))) {
                end++;
            }
            Integer length = line.startsWith(" bytes)", end) ? Numbers.toInt(line, digits, end) : null;
            if (length != null) {
                return new RawField(f.number(), length, f.hex(), f.hex().length() / 2 < length);
            }
        }
        int cut = line.indexOf("(truncated)", from);
        if (cut >= 0 && cut < to) {
            return new RawField(f.number(), f.length(), f.hex(), true);
        }
        return f;
    }

    static boolean isSupremum(List<RawField> fields) {
        return fields.size() == 1 && SUPREMUM_HEX.equals(fields.get(0).hex());
    }

    /**
     * Decodes the fields of one record.
     *
     * @param clustered whether the index is the clustered one (PRIMARY, GEN_CLUST_INDEX), whose records carry the
     *                  6-byte DB_TRX_ID and 7-byte DB_ROLL_PTR system columns after the key: those stay undecoded
     */
    static List<RecordField> decode(List<RawField> raw, boolean clustered) {
        RecordField[] out = new RecordField[raw.size()];
        for (int i = 0; i < raw.size(); i++) {
            RawField f = raw.get(i);
            boolean system = clustered && f.length() == 6 && i + 1 < raw.size() && raw.get(i + 1).length() == 7
                    || clustered && f.length() == 7 && i > 0 && raw.get(i - 1).length() == 6;
            out[i] = new RecordField(f.number(), f.length(), f.hex(), system ? null : value(f));
        }
        return List.of(out);
    }

    /**
     * A readable value, where the bytes allow one without knowing the column's type:
     * <ul>
     *   <li>text, when every byte is printable ASCII, or (for other lengths than 4 and 8) valid UTF-8 without control
     *       characters;</li>
     *   <li>a signed INT or BIGINT, 4 or 8 bytes: InnoDB stores signed integers big-endian with the sign bit flipped
     *       so that they sort as bytes, so {@code 80000001} is 1. A first byte below 0x80 is either a negative signed
     *       value or an UNSIGNED column (stored as is): ambiguous, left undecoded (the live schema decides).</li>
     * </ul>
     */
    static String value(RawField f) {
        if (f.hex() == null) {
            return null;
        }
        byte[] bytes = bytes(f.hex());
        if (bytes == null) {
            return null;
        }
        if (!f.truncated() && (f.length() == 4 || f.length() == 8) && bytes.length == f.length()) {
            if (printableAscii(bytes)) {
                return new String(bytes, StandardCharsets.US_ASCII);
            }
            if ((bytes[0] & 0x80) == 0) {
                return null;
            }
            long v = 0;
            for (byte b : bytes) {
                v = (v << 8) | (b & 0xff);
            }
            v ^= f.length() == 8 ? Long.MIN_VALUE : 0x80000000L;
            return Long.toString(v);
        }
        String text = ascii(bytes);
        if (text == null) {
            text = utf8(bytes, f.truncated());
        }
        if (text == null) {
            return null;
        }
        return f.truncated() ? text + "...(truncated)" : text;
    }

    /** Printable ASCII as text, else null (then UTF-8 is tried). */
    private static String ascii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0x20 || b == 0x7f) {
                return null;
            }
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static boolean printableAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0x20 || b > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** The bytes as UTF-8 text, or null when they are not text; a cut value may end in the middle of a character. */
    private static String utf8(byte[] bytes, boolean cut) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer chars = CharBuffer.allocate(bytes.length);
        var result = decoder.decode(in, chars, true);
        if (result.isError()) {
            if (!cut || bytes.length - in.position() > 3) {
                return null;
            }
        }
        chars.flip();
        String text = chars.toString();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                return null;
            }
        }
        return text;
    }

    private static byte[] bytes(String hex) {
        if ((hex.length() & 1) != 0) {
            return null;
        }
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(hex.charAt(2 * i), 16);
            int lo = Character.digit(hex.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }
}
