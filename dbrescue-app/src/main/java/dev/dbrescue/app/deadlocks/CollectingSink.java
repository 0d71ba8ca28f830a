package dev.dbrescue.app.deadlocks;

import dev.dbrescue.core.deadlock.Deadlock;
import dev.dbrescue.core.deadlock.DeadlockSink;
import dev.dbrescue.core.deadlock.LoggedLockWait;
import dev.dbrescue.core.deadlock.ParseWarning;
import dev.dbrescue.core.deadlock.analysis.AnalyzedDeadlock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Passes each deadlock on as soon as it is parsed and keeps lock waits and warnings, up to a bound, for the end.
 */
final class CollectingSink implements DeadlockSink {

    interface DeadlockConsumer {
        void accept(AnalyzedDeadlock deadlock) throws IOException;
    }

    private final DeadlockConsumer onDeadlock;
    private final int maxKept;
    final List<LoggedLockWait> lockWaits = new ArrayList<>();
    final List<ParseWarning> warnings = new ArrayList<>();
    long warningsDropped;
    long lockWaitsDropped;
    long deadlocks;

    CollectingSink(DeadlockConsumer onDeadlock, int maxKept) {
        this.onDeadlock = onDeadlock;
        this.maxKept = maxKept;
    }

    @Override
    public void deadlock(Deadlock deadlock) {
        deadlocks++;
        try {
            onDeadlock.accept(AnalyzedDeadlock.of(deadlock));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void warning(ParseWarning warning) {
        keep(warnings, warning, () -> warningsDropped++);
    }

    @Override
    public void lockWait(LoggedLockWait wait) {
        keep(lockWaits, wait, () -> lockWaitsDropped++);
    }

    private <T> void keep(List<T> list, T item, Runnable dropped) {
        if (list.size() < maxKept) {
            list.add(item);
        } else {
            dropped.run();
        }
    }
}
