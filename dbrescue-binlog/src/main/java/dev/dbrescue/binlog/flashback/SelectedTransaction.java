package dev.dbrescue.binlog.flashback;

import dev.dbrescue.binlog.tx.Transaction;

/**
 * A transaction the filters selected, as the index keeps it: what comments and the audit log say about it, its rows
 * in the selected tables, and where its rows events are in the index ({@code eventCount} of them from
 * {@code firstEvent}, in log order). Its {@code transaction().changes()} are not kept.
 */
public record SelectedTransaction(Transaction transaction, long rows, long firstEvent, int eventCount) {
}
