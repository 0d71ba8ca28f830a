package dev.dbrescue.core.deadlock.innodb;

import dev.dbrescue.core.deadlock.Deadlock;
import dev.dbrescue.core.deadlock.DeadlockLock;
import dev.dbrescue.core.deadlock.DeadlockTransaction;
import dev.dbrescue.core.model.Engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The deadlock being read: the only thing the parser buffers. Section parsers fill it; {@link #build} makes the
 * immutable {@link Deadlock}.
 */
final class DeadlockDraft {

    /** One participant, as far as read. */
    static final class Trx {
        String trxId;
        Double activeSeconds;
        String state;
        Integer tablesInUse;
        Integer tablesLocked;
        Long lockStructs;
        Long rowLocks;
        Long undoEntries;
        Long threadId;
        Long osHandle;
        String host;
        String user;
        boolean threadSeen;
        final StringBuilder query = new StringBuilder();
        final List<DeadlockLock> holds = new ArrayList<>();
        DeadlockLock waitingFor;

        /** What MariaDB and MySQL weigh to pick a victim: {@code TRX_WEIGHT} = undo entries + lock structs. */
        Long weight() {
            return lockStructs == null ? null : lockStructs + (undoEntries == null ? 0 : undoEntries);
        }

        String query() {
            int end = query.length();
            while (end > 0 && Character.isWhitespace(query.charAt(end - 1))) {
                end--;
            }
            return end == 0 ? null : query.substring(0, end);
        }
    }

    /** A lock MariaDB lists under {@code *** CONFLICTING WITH:}: held by the transaction whose id it carries. */
    record Held(String trxId, DeadlockLock lock) {
    }

    final String source;
    final long line;
    final boolean fromLog;
    InnoDbTime.Stamp time;
    /** The connection that ran into the deadlock, from the error log line's thread id. */
    Long requesterThread;
    /** The OS thread that ran into the deadlock, from the report's heading ({@code 2024-07-22 15:13:37 0x7f53dc148700}). */
    Long requesterHandle;
    boolean tooDeep;
    boolean saysMariaDb;
    Integer victimNumber;
    long victimLine;
    final List<Trx> transactions = new ArrayList<>();
    final List<Held> conflicting = new ArrayList<>();

    DeadlockDraft(String source, long line, boolean fromLog) {
        this.source = source;
        this.line = line;
        this.fromLog = fromLog;
    }

    /**
     * The transaction numbered {@code number} (from 1), created when it is the next one. A null number, or one that
     * does not fit the report (damaged input), means the latest.
     */
    Trx transaction(Integer number) {
        if (number != null && number >= 1 && number <= transactions.size()) {
            return transactions.get(number - 1);
        }
        if (number != null && number == transactions.size() + 1 || transactions.isEmpty()) {
            return newTransaction();
        }
        return transactions.get(transactions.size() - 1);
    }

    /** A {@code *** (N) TRANSACTION:} title: the next transaction (N is the next number in a sound report). */
    Trx openTransaction(Integer number) {
        if (number != null && number >= 1 && number <= transactions.size()) {
            return transactions.get(number - 1);
        }
        return newTransaction();
    }

    Trx newTransaction() {
        Trx t = new Trx();
        transactions.add(t);
        return t;
    }

    /** Whether the report reached its end: the victim line, or the waited-for lock of a TOO DEEP report. */
    boolean complete() {
        if (victimNumber != null) {
            return true;
        }
        return tooDeep && !transactions.isEmpty() && transactions.get(transactions.size() - 1).waitingFor != null;
    }

    /** Identifies the deadlock across repeated status outputs (pt-stalk samples, innodb_status_output in a log). */
    String key(Engine engine) {
        StringBuilder s = new StringBuilder(engine.name());
        for (Trx t : transactions) {
            s.append('|').append(t.trxId).append('/').append(t.threadId);
        }
        return s.toString();
    }

    Deadlock build(Engine engine, Integer victimIndex) {
        for (Held held : conflicting) {
            for (Trx t : transactions) {
                if (held.trxId() != null && held.trxId().equals(t.trxId) && !t.holds.contains(held.lock())) {
                    t.holds.add(held.lock());
                }
            }
        }
        List<DeadlockTransaction> out = new ArrayList<>(transactions.size());
        for (int i = 0; i < transactions.size(); i++) {
            Trx t = transactions.get(i);
            // state is InnoDB's transaction state (DeadlockTransaction's contract), not the thread's (Updating)
            out.add(new DeadlockTransaction(t.trxId, t.threadId, t.user, t.host, t.state, t.activeSeconds,
                    t.tablesInUse, t.tablesLocked, t.lockStructs, t.rowLocks, t.undoEntries, t.query(), t.holds,
                    t.waitingFor, victimIndex != null && victimIndex == i));
        }
        Long victimThread = victimIndex == null ? null : transactions.get(victimIndex).threadId;
        return new Deadlock(engine, time == null ? null : time.instant(), time == null ? null : time.text(),
                victimThread, out, tooDeep, source, line);
    }
}
