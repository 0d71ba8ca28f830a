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
    /**
     * The last few wait lines read by {@link #wants}, kept so that {@link #entry} need not read the same text
     * again. A reader asks about a message before it delivers the one before it, so more than one is kept; a
     * message not found here (its text changed, or it was pushed out) is simply read again.
     */
    private final String[] matchedTexts = new String[4];
    private final WaitLine[] matches = new WaitLine[4];
    private int nextMatch;

    LogInterpreter(String source, DeadlockSink sink, int maxOpenWaits) {
        this.source = source;
        this.sink = sink;
        this.lockWaits = new LockWaits(source, sink::lockWait, sink::warning, maxOpenWaits);
    }

    @Override
    public boolean wants(String message) {
        return message.startsWith("deadlock detected")
                || (message.startsWith("process ") && rememberWaitLine(message))
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
            lockWaits.waitLine(entry, takeWaitLine(message));
        } else if (message.startsWith("canceling statement due to lock timeout")) {
            lockWaits.statementEnded(entry, "timeout", true);
        } else if (message.startsWith("canceling statement due to statement timeout")) {
            lockWaits.statementEnded(entry, "timeout", false);
        } else {
            // user request (pg_cancel_backend, Ctrl-C), administrator command (pg_terminate_backend), recovery
            lockWaits.statementEnded(entry, "canceled", false);
        }
    }

    private boolean rememberWaitLine(String message) {
        WaitLine m = WaitLine.parse(message);
        if (m == null) {
            return false;
        }
        matchedTexts[nextMatch] = message;
        matches[nextMatch] = m;
        nextMatch = (nextMatch + 1) % matches.length;
        return true;
    }

    /** The wait line {@link #wants} read from this very text, or null. */
    private WaitLine takeWaitLine(String message) {
        for (int i = 0; i < matches.length; i++) {
            String text = matchedTexts[i];
            if (text != null && text.equals(message)) {
                WaitLine m = matches[i];
                matchedTexts[i] = null;
                matches[i] = null;
                return m;
            }
        }
        return null;
    }

    @Override
    public void warning(ParseWarning warning) {
        sink.warning(warning);
    }

    void finish() {
        lockWaits.finish();
    }
}
