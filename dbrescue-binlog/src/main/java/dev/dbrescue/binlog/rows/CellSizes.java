package dev.dbrescue.binlog.rows;

/**
 * How many bytes one non-NULL cell takes in a row image, from its column type and TABLE_MAP metadata (as the library
 * reads it: little-endian for BIT, VARCHAR and NEWDECIMAL, big-endian for STRING/ENUM/SET). This is what lets us walk
 * row images without decoding values; the flashback decoder reads the same cells.
 * Formats: MySQL {@code mysys/my_time.cc}, {@code strings/decimal.cc}; docs/research/binlog-flashback.md, section 4.
 */
public final class CellSizes {

    private static final int[] DIG2BYTES = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4};

    private CellSizes() {
    }

    /**
     * @return the cell's length in bytes starting at {@code at}
     * @throws IllegalArgumentException for a type we cannot size (the caller reports the event)
     */
    public static int size(int type, int meta, byte[] row, int at) {
        return switch (type) {
            case 1, 13 -> 1;                 // TINY, YEAR
            case 2 -> 2;                     // SHORT
            case 9, 10, 11, 14 -> 3;         // INT24, DATE, TIME, NEWDATE
            case 3, 4, 7 -> 4;               // LONG, FLOAT, TIMESTAMP
            case 8, 5, 12 -> 8;              // LONGLONG, DOUBLE, DATETIME
            case 6 -> 0;                     // NULL
            case 17 -> 4 + (meta + 1) / 2;   // TIMESTAMP2 + fraction
            case 18 -> 5 + (meta + 1) / 2;   // DATETIME2 + fraction
            case 19 -> 3 + (meta + 1) / 2;   // TIME2 + fraction
            case 16 -> ((meta >> 8) * 8 + (meta & 0xff) + 7) / 8; // BIT(M)
            case 246 -> decimalSize(meta & 0xff, meta >> 8);
            case 15, 253 -> meta < 256 ? 1 + (row[at] & 0xff) : 2 + u16(row, at); // VARCHAR, VAR_STRING
            case 254 -> stringSize(meta, row, at);
            case 247, 248 -> meta & 0xff;    // ENUM, SET logged with their own type
            case 252, 245, 255, 242 -> meta + (int) unsignedLe(row, at, meta); // BLOB, JSON, GEOMETRY, VECTOR
            default -> throw new IllegalArgumentException("column type " + type + " is not supported");
        };
    }

    /** CHAR/BINARY, or ENUM/SET hidden behind STRING with their real type in the first metadata byte. */
    private static int stringSize(int meta, byte[] row, int at) {
        int real = meta >> 8;
        int low = meta & 0xff;
        if (real == 247 || real == 248) {
            return low;
        }
        int max = low | (((real & 0x30) ^ 0x30) << 4);
        return max < 256 ? 1 + (row[at] & 0xff) : 2 + u16(row, at);
    }

    static int decimalSize(int precision, int scale) {
        int integral = precision - scale;
        return integral / 9 * 4 + DIG2BYTES[integral % 9] + scale / 9 * 4 + DIG2BYTES[scale % 9];
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    private static long unsignedLe(byte[] b, int at, int n) {
        if (n < 1 || n > 4) {
            throw new IllegalArgumentException("length prefix of " + n + " bytes");
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (b[at + i] & 0xffL) << (8 * i);
        }
        return v;
    }
}
