package dev.dbrescue.binlog.tx;

import java.util.List;

/**
 * One transaction found by the first pass. Positions are 64-bit byte offsets in {@code file}: {@code start} is where
 * its first event (GTID, or BEGIN without GTIDs) begins, {@code end} where the event after its commit begins.
 * A replay tool stopped at {@code start} applies everything before this transaction and nothing of it.
 *
 * @param sequence        the transaction's ordinal over all files read, from 1
 * @param time            seconds since the epoch (UTC) of its first event
 * @param gtid            null when the server logged none
 * @param previousGtid    the GTID of the transaction before it in the same replication domain (MariaDB) or the
 *                        same server uuid (MySQL), when the files show it; null otherwise
 * @param threadId        null when the log does not say: MariaDB writes no thread id for DML transactions
 * @param changes         per table and kind, in the order first seen
 * @param statement       the first statement as the server annotated it (ANNOTATE_ROWS / ROWS_QUERY), the DDL or
 *                        statement-format DML text, or null; cut to {@link TransactionScanner#MAX_STATEMENT} chars
 * @param fullRowImages   false when some UPDATE/DELETE image lacks columns (binlog_row_image=MINIMAL/NOBLOB)
 */
public record Transaction(long sequence, String file, long start, long end, long time, String gtid,
                          String previousGtid, Long threadId, List<TableChange> changes, String statement,
                          boolean fullRowImages) {

    /** Rows changed over all tables. */
    public long rows() {
        long n = 0;
        for (TableChange c : changes) {
            n += c.rows();
        }
        return n;
    }

    /** Rows of one kind in one table. */
    public long rows(String table, StatementKind kind) {
        long n = 0;
        for (TableChange c : changes) {
            if (c.table().equals(table) && c.kind() == kind) {
                n += c.rows();
            }
        }
        return n;
    }

    /** Rows changed in one table, any kind. */
    public long rowsIn(String table) {
        long n = 0;
        for (TableChange c : changes) {
            if (c.table().equals(table)) {
                n += c.rows();
            }
        }
        return n;
    }

    /** True when flashback cannot undo it from the log: DDL or statement-format DML inside. */
    public boolean reversible() {
        return changes.stream().allMatch(c -> c.kind().reversible()) && fullRowImages;
    }
}
