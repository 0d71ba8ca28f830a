package dev.dbrescue.core.deadlock;

/**
 * One field of an InnoDB index record as SHOW ENGINE INNODB STATUS prints it
 * ({@code 0: len 4; hex 80000001; asc     ;;}), with the value decoded where the format allows.
 *
 * @param number  the field number in the record
 * @param length  the byte length, or -1 for SQL NULL
 * @param hex     the bytes as printed, may be shortened by the server
 * @param decoded a readable value when it can be derived (a signed 4/8-byte InnoDB integer, printable text), else null
 * @param column  the column this field stores ({@code id}, or InnoDB's system columns {@code DB_TRX_ID},
 *                {@code DB_ROLL_PTR}, {@code DB_ROW_ID}) when the live schema told ({@code deadlocks parse --target});
 *                null when unknown: the report itself never names the fields
 */
public record RecordField(int number, int length, String hex, String decoded, String column) {

    /** A field as the report shows it, not yet named. */
    public RecordField(int number, int length, String hex, String decoded) {
        this(number, length, hex, decoded, null);
    }

    /** The same field, named after its column. */
    public RecordField withColumn(String name) {
        return new RecordField(number, length, hex, decoded, name);
    }

    /** The same field, named after its column and read as its type (the report alone could not tell the type). */
    public RecordField withColumn(String name, String value) {
        return new RecordField(number, length, hex, value == null ? decoded : value, name);
    }
}
