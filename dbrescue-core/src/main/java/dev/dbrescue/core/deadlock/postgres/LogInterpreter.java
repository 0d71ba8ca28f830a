package dev.dbrescue.core.deadlock.postgres;

import dev.dbrescue.core.deadlock.Deadlock;
import dev.dbrescue.core.deadlock.DeadlockSink;
import dev.dbrescue.core.deadlock.ParseWarning;

/**
 * Decides what each complete server message means, whatever format it came in: a deadlock report, a
 * log_lock_waits line, or an error that ends a waiting statement.
 */
final class LogInterpreter implements LogEntrySink {

    private final String source;
    private final DeadlockSink sink;
    private final LockWaits lockWaits;

    LogInterpreter(String source, DeadlockSink sink, int maxOpenWaits) {
        this.source = source;
        this.sink = sink;
        this.lockWaits = new LockWaits(source, sink::lockWait, sink::warning, maxOpenWaits);
    }

    @Override
    public boolean wants(String message) {
        return message.startsWith("deadlock detected")
                || (message.startsWith("process ") && LockWaits.isWaitLine(message))
                || message.startsWith("canceling statement due to ")
                || message.startsWith("terminating connection due to ");
    }

    @Override
    public void entry(LogEntry entry) {
        String message = entry.message();
        if (message.startsWith("deadlock detected")) {
            Deadlock deadlock = DeadlockReport.read(entry, source, sink::warning,
                    lockWaits.deadlockWait(entry.pid()));
            if (deadlock != null) {
                sink.deadlock(deadlock);
            }
            lockWaits.statementEnded(entry, "deadlock", false);
        } else if (message.startsWith("process ")) {
            lockWaits.waitLine(entry);
        } else if (message.startsWith("canceling statement due to lock timeout")) {
            lockWaits.statementEnded(entry, "timeout", true);
        } else if (message.startsWith("canceling statement due to statement timeout")) {
            lockWaits.statementEnded(entry, "timeout", false);
        } else {
            // user request (pg_cancel_backend, Ctrl-C), administrator command (pg_terminate_backend), recovery
            lockWaits.statementEnded(entry, "canceled", false);
        }
    }

    @Override
    public void warning(ParseWarning warning) {
        sink.warning(warning);
    }

    void finish() {
        lockWaits.finish();
    }
}
