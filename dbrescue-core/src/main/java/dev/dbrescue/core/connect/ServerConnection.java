package dev.dbrescue.core.connect;

import dev.dbrescue.core.model.ServerInfo;
import dev.dbrescue.core.spi.EngineFamily;
import dev.dbrescue.core.target.Target;

import java.sql.Connection;
import java.sql.SQLException;

/** An open, identified and made-safe session to a server. */
public record ServerConnection(Connection connection, ServerInfo server, EngineFamily family, Target target)
        implements AutoCloseable {

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Closing a broken connection is not worth reporting: the work is done or already failed.
        }
    }
}
