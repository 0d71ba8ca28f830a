package dev.dbrescue.core.spi;

import dev.dbrescue.core.model.Snapshot;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Reads sessions and lock waits from a live server in a bounded number of cheap statements: waits first, then only
 * the locks of the sessions involved. Missing privileges become {@link dev.dbrescue.core.model.Limitation}s, not errors.
 */
public interface LockSnapshotReader {

    Snapshot read(Connection connection) throws SQLException;
}
