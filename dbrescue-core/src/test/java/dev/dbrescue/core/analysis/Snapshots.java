package dev.dbrescue.core.analysis;

import dev.dbrescue.core.model.Engine;
import dev.dbrescue.core.model.Limitation;
import dev.dbrescue.core.model.LockRef;
import dev.dbrescue.core.model.LockWait;
import dev.dbrescue.core.model.ServerInfo;
import dev.dbrescue.core.model.Session;
import dev.dbrescue.core.model.Snapshot;
import dev.dbrescue.core.model.WaitKind;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds model snapshots for analysis tests: plain records, shaped like what the readers produce on real servers. */
public final class Snapshots {

    private final Engine engine;
    private final List<Session> sessions = new ArrayList<>();
    private final List<LockWait> waits = new ArrayList<>();
    private final List<Limitation> limitations = new ArrayList<>();

    private Snapshots(Engine engine) {
        this.engine = engine;
    }

    public static Snapshots of(Engine engine) {
        return new Snapshots(engine);
    }

    public Snapshots idleInTransaction(long id, double trxSeconds, String lastQuery) {
        sessions.add(new Session(id, "app", "10.0.0.5", "shop", null, engine == Engine.POSTGRESQL ? "idle in transaction" : "Sleep",
                false, true, lastQuery, trxSeconds, trxSeconds - 1, null, "trx" + id, null, null, null, false, false));
        return this;
    }

    public Snapshots busy(long id, String query) {
        sessions.add(new Session(id, "app", "10.0.0.6", "shop", null, engine == Engine.POSTGRESQL ? "active" : "Query",
                true, true, query, 3.0, 0.0, 3.0, "trx" + id, null, null, null, false, false));
        return this;
    }

    public Snapshots session(Session session) {
        sessions.add(session);
        return this;
    }

    public Snapshots waits(long waiter, long blocker, WaitKind kind, LockRef requested, LockRef blocking) {
        waits.add(new LockWait(waiter, blocker, kind, requested, blocking, 2.0));
        return this;
    }

    public Snapshots limitation(Limitation limitation) {
        limitations.add(limitation);
        return this;
    }

    public Snapshot build() {
        String version = engine == Engine.POSTGRESQL ? "15.20" : engine == Engine.MARIADB ? "10.11.19-MariaDB" : "8.0.36";
        return new Snapshot(ServerInfo.of(engine, version), Instant.parse("2026-11-21T12:00:00Z"), 999,
                sessions, waits, List.of(), limitations, 3);
    }

    public static LockRef pgRelation(String mode, String table) {
        return new LockRef("relation", mode, "public", table, null, null);
    }

    public static LockRef innodbRecord(String mode, String table, String index, String data) {
        return new LockRef("RECORD", mode, "shop", table, index, data);
    }
}
