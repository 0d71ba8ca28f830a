package dev.dbrescue.core.analysis;

import java.util.List;

/**
 * A session that blocks others and waits for nothing, with every session waiting behind it, directly or not.
 */
public record RootBlocker(long sessionId, List<Long> waiters) {

    public RootBlocker {
        waiters = List.copyOf(waiters);
    }
}
