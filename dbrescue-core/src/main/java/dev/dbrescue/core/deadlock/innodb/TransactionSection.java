package dev.dbrescue.core.deadlock.innodb;

/**
 * A {@code *** (N) TRANSACTION:} section: the transaction line, tables, lock counts, the thread line, then the
 * statement the transaction was running, which runs to the next {@code ***} title (it may span lines).
 */
final class TransactionSection implements SectionParser {

    private final DeadlockDraft draft;
    private final DeadlockDraft.Trx trx;

    TransactionSection(DeadlockDraft draft, DeadlockDraft.Trx trx) {
        this.draft = draft;
        this.trx = trx;
    }

    @Override
    public boolean accept(String line) {
        if (trx.threadSeen) {
            if (trx.query.length() > 0 || !line.isBlank()) {
                if (trx.query.length() > 0) {
                    trx.query.append('\n');
                }
                trx.query.append(line);
            }
            return true;
        }
        if (line.isBlank()) {
            return true;
        }
        TransactionLines.Header header = TransactionLines.header(line);
        if (header != null && trx.trxId == null) {
            trx.trxId = header.trxId();
            trx.activeSeconds = header.activeSeconds();
            trx.state = header.state();
            return true;
        }
        int[] tables = TransactionLines.tables(line);
        if (tables != null) {
            trx.tablesInUse = tables[0];
            trx.tablesLocked = tables[1];
            return true;
        }
        Long[] locks = TransactionLines.locks(line);
        if (locks != null) {
            trx.lockStructs = locks[0];
            trx.rowLocks = locks[1];
            trx.undoEntries = locks[2];
            return true;
        }
        TransactionLines.Thread thread = TransactionLines.thread(line);
        if (thread != null) {
            trx.threadSeen = true;
            trx.threadId = thread.threadId();
            trx.osHandle = thread.osHandle();
            trx.host = thread.host();
            trx.user = thread.user();
            if (line.startsWith("MariaDB")) {
                draft.saysMariaDb = true;
            }
            return true;
        }
        // Read views and wait counters that some builds (Percona, XtraDB) print between the lines above.
        return line.startsWith("Trx ");
    }
}
