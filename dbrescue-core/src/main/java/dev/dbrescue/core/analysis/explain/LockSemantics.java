package dev.dbrescue.core.analysis.explain;

import dev.dbrescue.core.model.Engine;
import dev.dbrescue.core.model.LockWait;

/**
 * Plain-language knowledge of one engine family's locks: why a request waits for a lock. Pure text, no I/O; the
 * one place in the analysis that knows lock-mode vocabularies.
 */
public interface LockSemantics {

    /** One or two sentences: what the waiter asked for, what the blocker has, why they conflict. */
    String explain(LockWait wait);

    static LockSemantics of(Engine engine) {
        return engine.family() == Engine.Family.POSTGRESQL ? new PostgresLockSemantics() : new InnoDbLockSemantics();
    }
}
