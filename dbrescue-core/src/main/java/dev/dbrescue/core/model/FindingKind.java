package dev.dbrescue.core.model;

import java.util.Locale;

/** Kinds of finding. The kebab-case names are part of the JSON contract: never rename one. */
public enum FindingKind {
    /** Blocks others and waits for nothing. */
    ROOT_BLOCKER,
    /** A blocker idle inside an open transaction: the forgotten BEGIN. */
    IDLE_IN_TRANSACTION,
    /** Waiters held back by a request queued ahead of them, not by a holder. */
    LOCK_QUEUE,
    /** A transaction open longer than the threshold. */
    LONG_TRANSACTION,
    /** Many waiters on the same lock. */
    LOCK_CONVOY,
    /** A cycle in the wait-for graph that the server has not broken (yet). */
    DEADLOCK_CYCLE,
    /** A transaction holding far more row locks than rows it changed: a scan without a usable index. */
    UNINDEXED_LOCK_SCAN,
    /** Part of the picture could not be seen (privilege, server feature). */
    BLIND_SPOT,
    /** connections: the server is at or near its connection limit. */
    CONNECTION_LIMIT,
    /** connections: the server has turned connections away because it was full. */
    REFUSED_CONNECTIONS,
    /** connections: a client host or application holding many connections idle for long: a leak or an oversized pool. */
    CONNECTION_LEAK,
    /** connections: sessions idle longer than the server's idle timeout, which something has lifted for them. */
    IDLE_PAST_TIMEOUT,
    /** connections: an idle timeout that is off or at a generous default, with the setting to change. */
    MISSING_TIMEOUT,
    /** connections: most connections idle while the limit is near: pool sizes and a pooler. */
    POOL_SIZING;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static FindingKind fromJsonName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
