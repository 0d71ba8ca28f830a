package dev.dbrescue.binlog.summary;

import dev.dbrescue.binlog.tx.Transaction;

import java.util.List;

/** A flagged transaction and every reason it was flagged for. */
public record Suspicion(Transaction transaction, List<Reason> reasons) {
}
