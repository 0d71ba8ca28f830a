package dev.dbrescue.binlog.flashback;

import dev.dbrescue.binlog.summary.RecoveryPlan;
import dev.dbrescue.binlog.tx.Transaction;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The first pass's result: the selected transactions in log order and, for each, the rows events to read back, in an
 * index on disk ({@link SelectionIndex}); close it to delete the index.
 */
public final class FlashbackPlan implements AutoCloseable {

    private final List<Path> files;
    private final SelectionIndex index;
    private final List<TableRef> tables;
    private final List<String> warnings;
    private final boolean mariaDb;
    private final RecoveryPlan recovery;
    private final long rows;
    private final UnaryOperator<Transaction> naming;

    FlashbackPlan(List<Path> files, SelectionIndex index, List<TableRef> tables, List<String> warnings,
                  boolean mariaDb, RecoveryPlan recovery, long rows) {
        this(files, index, tables, warnings, mariaDb, recovery, rows, UnaryOperator.identity());
    }

    private FlashbackPlan(List<Path> files, SelectionIndex index, List<TableRef> tables, List<String> warnings,
                          boolean mariaDb, RecoveryPlan recovery, long rows, UnaryOperator<Transaction> naming) {
        this.naming = naming;
        this.files = files;
        this.index = index;
        this.tables = tables;
        this.warnings = warnings;
        this.mariaDb = mariaDb;
        this.recovery = recovery;
        this.rows = rows;
    }

    public List<Path> files() {
        return files;
    }

    public List<String> warnings() {
        return warnings;
    }

    public boolean mariaDb() {
        return mariaDb;
    }

    /** Point-in-time recovery that stops just before the oldest selected transaction; null when none. */
    public RecoveryPlan recovery() {
        return recovery;
    }

    /** Selected transactions. */
    public int size() {
        return index.size();
    }

    public boolean isEmpty() {
        return index.size() == 0;
    }

    /** Rows changed by the selected transactions in the selected tables. */
    public long rows() {
        return rows;
    }

    /** The {@code i}-th selected transaction in log order, read from the index. */
    public SelectedTransaction transaction(int i) {
        SelectedTransaction s = index.transaction(i);
        return new SelectedTransaction(naming.apply(s.transaction()), s.rows(), s.firstEvent(), s.eventCount());
    }

    /**
     * The same plan (the same index: close either) naming its transactions' files otherwise, e.g. by the server's
     * names when the files read are copies of a live server's binlog.
     */
    public FlashbackPlan named(UnaryOperator<Transaction> renaming, List<String> newWarnings,
                               RecoveryPlan newRecovery) {
        return new FlashbackPlan(files, index, tables, newWarnings, mariaDb, newRecovery, rows, renaming);
    }

    TableRef table(int i) {
        return tables.get(i);
    }

    void events(SelectedTransaction selected, boolean newestFirst, SelectionIndex.EventVisitor visitor)
            throws IOException {
        index.events(selected, newestFirst, visitor);
    }

    @Override
    public void close() {
        index.close();
    }
}
