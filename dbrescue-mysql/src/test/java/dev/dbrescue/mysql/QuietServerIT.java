package dev.dbrescue.mysql;

import dev.dbrescue.core.connect.Connector;
import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.model.Snapshot;
import dev.dbrescue.core.target.Target;
import dev.dbrescue.testkit.server.EmbeddedMariaDb;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** On a server where nobody waits, a snapshot is one statement: the design's bound on overhead. */
class QuietServerIT {

    @Test
    void aQuietServerCostsOneStatement() throws Exception {
        // A server of our own: a shared one may have someone else's incident running.
        try (EmbeddedMariaDb server = EmbeddedMariaDb.start();
             ServerConnection monitor = new Connector(ScratchDatabase.NO_CLIENT_DEFAULTS).open(Target.parse(server.uri()))) {
            Snapshot snapshot = ScratchDatabase.snapshot(monitor);
            assertThat(snapshot.queryCount()).isEqualTo(1);
            assertThat(snapshot.waits()).isEmpty();
            assertThat(snapshot.heldLocks()).isEmpty();
            assertThat(snapshot.limitations()).isEmpty();
            assertThat(snapshot.ownSessionId()).isEqualTo(RowLockSnapshotIT.connectionId(monitor));
            assertThat(snapshot.sessions()).noneMatch(s -> s.id() == snapshot.ownSessionId());
        }
    }
}
