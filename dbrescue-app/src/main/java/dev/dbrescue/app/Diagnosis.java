package dev.dbrescue.app;

import dev.dbrescue.core.analysis.LocksAnalysis;
import dev.dbrescue.core.analysis.LocksOptions;
import dev.dbrescue.core.analysis.LocksReport;
import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;
import dev.dbrescue.core.model.Snapshot;
import dev.dbrescue.core.spi.LockSnapshotReader;
import dev.dbrescue.core.target.Secrets;

import java.sql.SQLException;

/** One {@code locks} sample on an open connection: read the snapshot, analyse it. */
public final class Diagnosis {

    private final ServerConnection connection;
    private final LockSnapshotReader reader;
    private final LocksOptions options;

    public Diagnosis(ServerConnection connection, LocksOptions options) {
        this.connection = connection;
        this.reader = connection.family().lockSnapshotReader(connection.server());
        this.options = options;
    }

    public LocksReport sample() {
        try {
            Snapshot snapshot = reader.read(connection.connection());
            return LocksAnalysis.analyze(snapshot, options);
        } catch (SQLException e) {
            throw new DbRescueException(ErrorCode.CONNECTION, "Reading locks from " + connection.target() + " failed: "
                    + Secrets.scrub(e.getMessage(), connection.target().password())
                    + " (check that the server is up and that the user may read the process list)", e);
        }
    }
}
