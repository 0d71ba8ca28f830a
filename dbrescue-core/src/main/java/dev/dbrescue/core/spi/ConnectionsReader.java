package dev.dbrescue.core.spi;

import dev.dbrescue.core.connections.ConnectionsSnapshot;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Reads what {@code dbrescue connections} needs in a few cheap statements: the sessions (as
 * {@link LockSnapshotReader} reads them), the server's connection limits, counters and idle timeouts, and where the
 * engine keeps them apart, application names. A missing privilege or setting becomes a
 * {@link dev.dbrescue.core.model.Limitation}; only a broken session throws. Not thread-safe: one reader per watch loop.
 */
public interface ConnectionsReader {

    ConnectionsSnapshot read(Connection connection) throws SQLException;
}
