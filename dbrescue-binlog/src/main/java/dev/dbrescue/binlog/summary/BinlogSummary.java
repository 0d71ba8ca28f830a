package dev.dbrescue.binlog.summary;

import dev.dbrescue.binlog.tx.Transaction;

import java.util.List;

/**
 * What {@code dbrescue binlog summary} reports.
 *
 * @param firstTime         epoch seconds of the first transaction; 0 when none
 * @param largest           the largest transactions by rows, largest first
 * @param suspicious        flagged transactions, largest first; at most {@link SummaryCollector#MAX_SUSPICIOUS}
 * @param suspiciousDropped flagged transactions beyond that bound, counted only
 * @param notReversible     the first {@link SummaryCollector#MAX_NOT_REVERSIBLE} transactions holding DDL,
 *                          statement-format DML or partial row images; {@code notReversibleCount} counts all
 * @param warnings          what the user should know, e.g. files out of order; at most
 *                          {@link SummaryCollector#MAX_WARNINGS}
 * @param plan              recovery plan for the largest suspicious transaction; null when nothing is flagged
 */
public record BinlogSummary(List<String> files, String serverVersion, boolean mariaDb, long transactions, long rows,
                            long firstTime, long lastTime, List<Transaction> largest, List<Suspicion> suspicious,
                            long suspiciousDropped, List<Transaction> notReversible, long notReversibleCount,
                            List<MinuteCount> perMinute, RecoveryPlan plan,
                            List<String> warnings) {
}
