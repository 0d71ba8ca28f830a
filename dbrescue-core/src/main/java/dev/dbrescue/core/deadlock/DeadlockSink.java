package dev.dbrescue.core.deadlock;

/**
 * Where parsers deliver what they find, one item at a time, so that memory does not grow with the input.
 */
public interface DeadlockSink {

    void deadlock(Deadlock deadlock);

    void warning(ParseWarning warning);

    /** A PostgreSQL lock wait read from log_lock_waits lines; InnoDB parsers never call it. */
    default void lockWait(LoggedLockWait wait) {
    }
}
