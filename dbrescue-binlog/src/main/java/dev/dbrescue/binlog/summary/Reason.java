package dev.dbrescue.binlog.summary;

import dev.dbrescue.binlog.tx.StatementKind;

/**
 * Why a transaction is suspicious.
 *
 * @param code  stable name: {@code every_row}, {@code no_where}, {@code far_larger_on_table} or
 *              {@code far_larger_than_rest}
 * @param table {@code database.table}; null for {@code far_larger_than_rest}
 * @param kind  DELETE or UPDATE; null for {@code far_larger_than_rest}
 * @param basis what the flag rests on, in words: offline we cannot count the table, so we say what we compared
 */
public record Reason(String code, String table, StatementKind kind, long rows, String basis) {
}
