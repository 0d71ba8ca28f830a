package dev.dbrescue.binlog.flashback;

import dev.dbrescue.binlog.summary.RecoveryPlan;

import java.nio.file.Path;
import java.util.List;

/**
 * The first pass's result: the selected transactions in log order, each with the rows events to read back.
 *
 * @param recovery point-in-time recovery that stops just before the oldest selected transaction; null when none
 */
public record FlashbackPlan(List<Path> files, List<SelectedTransaction> transactions, List<String> warnings,
                            boolean mariaDb, RecoveryPlan recovery) {

    public long rows() {
        return transactions.stream().mapToLong(SelectedTransaction::rows).sum();
    }
}
