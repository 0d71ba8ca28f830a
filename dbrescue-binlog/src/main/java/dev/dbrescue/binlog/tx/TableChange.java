package dev.dbrescue.binlog.tx;

/**
 * Rows one transaction changed in one table with one kind of statement.
 *
 * @param table {@code database.table}; for DDL and statement-format DML the session's default database and the
 *              statement's first words, since the statement is not parsed
 * @param rows  rows changed (an UPDATE counts each row once); 0 for DDL and statement-format DML
 * @param statement the first statement that made these changes, as the server annotated it (MariaDB ANNOTATE_ROWS,
 *              MySQL ROWS_QUERY with binlog_rows_query_log_events=ON), cut to
 *              {@link TransactionScanner#MAX_STATEMENT} characters; null when the log does not say
 */
public record TableChange(String table, StatementKind kind, long rows, String statement) {

    public TableChange(String table, StatementKind kind, long rows) {
        this(table, kind, rows, null);
    }
}
