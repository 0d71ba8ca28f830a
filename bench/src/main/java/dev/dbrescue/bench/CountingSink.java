package dev.dbrescue.bench;

import dev.dbrescue.core.deadlock.Deadlock;
import dev.dbrescue.core.deadlock.DeadlockSink;
import dev.dbrescue.core.deadlock.LoggedLockWait;
import dev.dbrescue.core.deadlock.ParseWarning;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts what a parser delivers and keeps nothing of it (so that the heap shows the parser's own memory), except a
 * sum of the victims' thread ids, which tells whether each copy's victim was found, and the first warnings.
 */
final class CountingSink implements DeadlockSink {

    long deadlocks;
    long transactions;
    long lockWaits;
    long warnings;
    long victimSum;
    long victimsUnknown;
    final List<String> firstWarnings = new ArrayList<>();

    @Override
    public void deadlock(Deadlock deadlock) {
        deadlocks++;
        transactions += deadlock.transactions().size();
        if (deadlock.victimThreadId() == null) {
            victimsUnknown++;
        } else {
            victimSum += deadlock.victimThreadId();
        }
    }

    @Override
    public void warning(ParseWarning warning) {
        warnings++;
        if (firstWarnings.size() < 5) {
            firstWarnings.add(warning.toString());
        }
    }

    @Override
    public void lockWait(LoggedLockWait wait) {
        lockWaits++;
    }

    /** What differs from the expected counts, or null when nothing does. */
    String differences(BigDeadlockLog.Expected expected) {
        List<String> diffs = new ArrayList<>();
        if (deadlocks != expected.deadlocks()) {
            diffs.add("deadlocks " + deadlocks + ", expected " + expected.deadlocks());
        }
        if (lockWaits != expected.lockWaits()) {
            diffs.add("lock waits " + lockWaits + ", expected " + expected.lockWaits());
        }
        if (warnings != expected.warnings()) {
            diffs.add(warnings + " warnings, expected " + expected.warnings() + "; first: " + firstWarnings);
        }
        if (victimSum != expected.victimSum() || victimsUnknown != expected.victimsUnknown()) {
            diffs.add("victims: thread id sum " + victimSum + " with " + victimsUnknown + " unknown, expected "
                    + expected.victimSum() + " with " + expected.victimsUnknown() + " unknown");
        }
        return diffs.isEmpty() ? null : String.join("; ", diffs);
    }
}
