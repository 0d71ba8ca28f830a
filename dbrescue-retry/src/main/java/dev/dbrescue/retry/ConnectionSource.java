package dev.dbrescue.retry;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where {@link DeadlockRetry} gets a new connection for each attempt, e.g. {@code dataSource::getConnection} or
 * {@code () -> DriverManager.getConnection(url)}. The connection returned belongs to {@code DeadlockRetry}, which
 * closes it when the attempt ends.
 */
@FunctionalInterface
public interface ConnectionSource {

    Connection open() throws SQLException;
}
