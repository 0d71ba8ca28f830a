package dev.dbrescue.binlog.tx;

import dev.dbrescue.binlog.rows.RowKind;

/** What a transaction did to a table, as the summary shows it. */
public enum StatementKind {
    INSERT, UPDATE, DELETE,
    /** A schema change (QUERY event that is not DML). */
    DDL,
    /** INSERT/UPDATE/DELETE logged as a statement (binlog_format=STATEMENT or MIXED): its rows are not in the log. */
    STATEMENT_DML;

    public static StatementKind of(RowKind kind) {
        return switch (kind) {
            case INSERT -> INSERT;
            case UPDATE -> UPDATE;
            case DELETE -> DELETE;
        };
    }

    /** Whether flashback can undo it from the log alone. */
    public boolean reversible() {
        return this == INSERT || this == UPDATE || this == DELETE;
    }
}
