package dev.dbrescue.binlog.flashback;

import dev.dbrescue.binlog.rows.RowKind;

/**
 * One generated statement, on one line without its {@code ;}, as UTF-8 bytes (a script copies them as they are).
 *
 * @param kind  what the statement does (an undo of a DELETE is an INSERT)
 * @param rows  rows it must change: the INSERT's rows, 1 for UPDATE and DELETE
 * @param check for guarded statements (--apply): for UPDATE and DELETE a {@code SELECT COUNT(*)} that is 1 when
 *              the row still equals the image the log left; for an INSERT its beginning,
 *              {@code SELECT COUNT(*) FROM t WHERE (k) IN }, which {@link #checkOf} completes with key tuples (0 when
 *              no row has its key any more); null when there is nothing to check (an INSERT into a table without
 *              primary key)
 * @param keys  guarded statements: each row's identity (table and key values), so that a dry run checks a row
 *              changed several times in the range only at its newest change; empty otherwise
 * @param keyTuples guarded INSERTs into a table with a primary key: each row's key values, {@code (1,'a')},
 *              in the order of {@code keys}; empty otherwise
 */
public record FlashbackStatement(RowKind kind, String table, byte[] utf8, long rows, String check,
                                 java.util.List<String> keys, java.util.List<String> keyTuples) {

    /** The check for these key tuples of an INSERT (some rows may not need one), the whole check otherwise. */
    public String checkOf(java.util.List<String> tuples) {
        return kind == RowKind.INSERT ? check + "(" + String.join(",", tuples) + ")" : check;
    }

    public String sql() {
        return new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
    }
}
