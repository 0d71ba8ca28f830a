package dev.dbrescue.binlog.flashback;

import dev.dbrescue.binlog.tx.Transaction;

import java.util.List;

/** A transaction the filters selected, with its rows events that passed the table and kind filters, in log order. */
public record SelectedTransaction(Transaction transaction, List<EventRef> events, long rows) {
}
