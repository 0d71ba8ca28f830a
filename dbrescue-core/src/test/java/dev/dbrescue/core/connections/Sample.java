package dev.dbrescue.core.connections;

import dev.dbrescue.core.model.Engine;
import dev.dbrescue.core.model.Limitation;
import dev.dbrescue.core.model.LockWait;
import dev.dbrescue.core.model.ServerInfo;
import dev.dbrescue.core.model.Session;
import dev.dbrescue.core.model.Snapshot;
import dev.dbrescue.core.model.WaitKind;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds connections samples for analysis tests: sessions and limits shaped as the engine readers produce them. */
public final class Sample {

    private final Engine engine;
    private final List<Session> sessions = new ArrayList<>();
    private final List<LockWait> waits = new ArrayList<>();
    private final List<Limitation> limitations = new ArrayList<>();
    private final List<IdleTimeout> timeouts = new ArrayList<>();
    private long max;
    private long reserved;
    private Long used;
    private Long maxUsed;
    private Long refused;
    private long nextId = 1;

    private Sample(Engine engine, long max) {
        this.engine = engine;
        this.max = max;
        this.reserved = engine == Engine.POSTGRESQL ? 3 : 1;
    }

    /** MySQL 8 with the defaults: max_connections 151, wait_timeout and interactive_timeout 8 h. */
    public static Sample mysql() {
        Sample s = new Sample(Engine.MYSQL, 151);
        s.timeouts.add(new IdleTimeout("wait_timeout", IdleTimeout.Applies.IDLE, 28800, 28800.0));
        s.timeouts.add(new IdleTimeout("interactive_timeout", IdleTimeout.Applies.IDLE_INTERACTIVE, 28800, 28800.0));
        return s;
    }

    /** PostgreSQL 15 with the defaults: max_connections 100 (97 for ordinary roles), no idle timeouts. */
    public static Sample postgres() {
        Sample s = new Sample(Engine.POSTGRESQL, 97);
        s.timeouts.add(new IdleTimeout("idle_in_transaction_session_timeout", IdleTimeout.Applies.IDLE_IN_TRANSACTION, 0, 0.0));
        s.timeouts.add(new IdleTimeout("idle_session_timeout", IdleTimeout.Applies.IDLE_OUTSIDE_TRANSACTION, 0, 0.0));
        return s;
    }

    public Sample max(long max) {
        this.max = max;
        return this;
    }

    /** The server's count; by default the sessions plus dbrescue's own. */
    public Sample used(long used) {
        this.used = used;
        return this;
    }

    public Sample counters(Long maxUsed, Long refused) {
        this.maxUsed = maxUsed;
        this.refused = refused;
        return this;
    }

    public Sample timeout(String name, IdleTimeout.Applies applies, double seconds) {
        timeouts.removeIf(t -> t.name().equals(name));
        timeouts.add(new IdleTimeout(name, applies, seconds, null));
        return this;
    }

    private String idleState() {
        return engine == Engine.POSTGRESQL ? "idle" : "Sleep";
    }

    /** {@code count} sessions idle outside a transaction, idle times spread evenly from {@code fromSeconds} to {@code toSeconds}. */
    public Sample idle(int count, String user, String host, String application, double fromSeconds, double toSeconds) {
        for (int i = 0; i < count; i++) {
            double idle = count == 1 ? fromSeconds : fromSeconds + (toSeconds - fromSeconds) * i / (count - 1);
            sessions.add(new Session(nextId++, user, host, "shop", application, idleState(), false, false, null,
                    null, idle, null, null, null, null, null, false, false));
        }
        return this;
    }

    public Sample busy(int count, String user, String host) {
        for (int i = 0; i < count; i++) {
            sessions.add(new Session(nextId++, user, host, "shop", null, engine == Engine.POSTGRESQL ? "active" : "Query",
                    true, false, "SELECT 1", null, 0.0, 0.5, null, null, null, null, false, false));
        }
        return this;
    }

    /** One session idle in a transaction; returns its id through {@link #lastId()}. */
    public Sample idleInTransaction(String user, String host, double idleSeconds, double transactionSeconds) {
        sessions.add(new Session(nextId++, user, host, "shop", null, engine == Engine.POSTGRESQL ? "idle in transaction" : "Sleep",
                false, true, "SELECT * FROM user_setting WHERE id = 1", transactionSeconds, idleSeconds, null, "t", null, null,
                null, false, false));
        return this;
    }

    /** A busy session waiting for {@code blocker}. */
    public Sample waitingFor(long blocker) {
        busy(1, "app", "10.0.0.7");
        waits.add(new LockWait(lastId(), blocker, WaitKind.HARD, null, null, 1.0));
        return this;
    }

    public Sample limitation(Limitation limitation) {
        limitations.add(limitation);
        return this;
    }

    public long lastId() {
        return nextId - 1;
    }

    public ConnectionsSnapshot build() {
        String version = engine == Engine.POSTGRESQL ? "15.20" : "8.0.36";
        Snapshot snapshot = new Snapshot(ServerInfo.of(engine, version), Instant.parse("2026-11-21T12:00:00Z"), 9999,
                sessions, waits, List.of(), limitations, 1);
        String reservedFor = engine == Engine.POSTGRESQL ? "superusers" : "SUPER or CONNECTION_ADMIN";
        ConnectionLimits limits = new ConnectionLimits(used == null ? sessions.size() + 1 : used, max, reserved, reservedFor,
                engine == Engine.POSTGRESQL ? max + reserved : max, maxUsed, refused, refused == null ? null : refused + 2,
                engine == Engine.POSTGRESQL ? null : 86_400L, timeouts);
        return new ConnectionsSnapshot(snapshot, limits, limitations, 3);
    }

    public ConnectionsReport analyze() {
        return ConnectionsAnalysis.analyze(build(), ConnectionsOptions.defaults());
    }
}
