package dev.dbrescue.core.deadlock;

/**
 * One field of an InnoDB index record as SHOW ENGINE INNODB STATUS prints it
 * ({@code 0: len 4; hex 80000001; asc     ;;}), with the value decoded where the format allows.
 *
 * @param number  the field number in the record
 * @param length  the byte length, or -1 for SQL NULL
 * @param hex     the bytes as printed, may be shortened by the server
 * @param decoded a readable value when it can be derived (a signed 4/8-byte InnoDB integer, printable text), else null
 */
public record RecordField(int number, int length, String hex, String decoded) {
}
