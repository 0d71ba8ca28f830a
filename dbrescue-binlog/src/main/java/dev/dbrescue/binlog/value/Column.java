package dev.dbrescue.binlog.value;

import java.util.List;

/**
 * One column of a row image, with what it takes to write its values as SQL.
 *
 * @param binlogType the type byte of the TABLE_MAP event (what sizes the cell)
 * @param meta       its metadata, as {@link dev.dbrescue.binlog.rows.CellSizes} reads it
 * @param realType   the type to decode: {@code binlogType}, except ENUM (247) and SET (248), which the server logs as
 *                   STRING (254) with their real type in the metadata
 * @param charset    the server's character set name of a character column ({@link Collations#BINARY} for binary
 *                   strings), null when unknown or not a string
 * @param values     ENUM or SET member names in order; null when unknown (the value is then written as a number)
 * @param generated  a generated (VIRTUAL or STORED) column: the log holds its value, but a server refuses one in
 *                   INSERT and UPDATE; known only from a live server's schema
 */
public record Column(String name, int binlogType, int meta, int realType, boolean unsigned, String charset,
                     List<String> values, boolean generated) {

    public Column withGenerated(boolean isGenerated) {
        return new Column(name, binlogType, meta, realType, unsigned, charset, values, isGenerated);
    }

    public static int realType(int binlogType, int meta) {
        if (binlogType == 254) {
            int real = meta >> 8;
            if (real == 247 || real == 248) {
                return real;
            }
        }
        return binlogType;
    }

    /**
     * Whether the table map's signedness list has a bit for this column: MySQL's numeric types; MariaDB also counts
     * YEAR (its YEAR is a kind of TINYINT), so every later column would take its neighbour's bit without it.
     */
    static boolean numeric(int realType, boolean mariaDb) {
        return switch (realType) {
            case 1, 2, 3, 8, 9, 246, 4, 5 -> true;
            case 13 -> mariaDb;
            default -> false;
        };
    }

    /** Whether the table map's charset lists have an entry for this column. */
    static boolean character(int realType, boolean mariaDb) {
        return switch (realType) {
            case 254, 253, 15, 252 -> true;
            // MariaDB lists GEOMETRY among character columns (binary charset); MySQL does not, but MySQL 9 lists
            // VECTOR there.
            case 255 -> mariaDb;
            case 242 -> !mariaDb;
            default -> false;
        };
    }

    static boolean enumOrSet(int realType) {
        return realType == 247 || realType == 248;
    }

    /** CHAR(n)/BINARY(n): the most bytes the column holds, for padding BINARY values the log stored without it. */
    public int fixedLength() {
        int low = meta & 0xff;
        return low | (((meta >> 8 & 0x30) ^ 0x30) << 4);
    }
}
