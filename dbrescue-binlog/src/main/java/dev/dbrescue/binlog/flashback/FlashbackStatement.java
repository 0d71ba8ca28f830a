package dev.dbrescue.binlog.flashback;

import dev.dbrescue.binlog.rows.RowKind;

/**
 * One generated statement, on one line without its {@code ;}, as UTF-8 bytes (a script copies them as they are).
 *
 * @param kind  what the statement does (an undo of a DELETE is an INSERT)
 * @param rows  rows it must change: the INSERT's rows, 1 for UPDATE and DELETE
 * @param check for guarded statements (--apply): a {@code SELECT COUNT(*)} that is 0 for an INSERT (no row has its
 *              key any more) and 1 for UPDATE and DELETE (the row still equals the image the log left); null when
 *              there is nothing to check (an INSERT into a table without primary key)
 * @param keys  guarded statements: each row's identity (table and key values), so that a dry run checks a row
 *              changed several times in the range only at its newest change; empty otherwise
 */
public record FlashbackStatement(RowKind kind, String table, byte[] utf8, long rows, String check,
                                 java.util.List<String> keys) {

    public String sql() {
        return new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
    }

    public long expectedCount() {
        return kind == RowKind.INSERT ? 0 : 1;
    }
}
