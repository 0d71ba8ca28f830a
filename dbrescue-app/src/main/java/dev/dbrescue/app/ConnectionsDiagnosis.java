package dev.dbrescue.app;

import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.connections.ConnectionLimits;
import dev.dbrescue.core.connections.ConnectionsAnalysis;
import dev.dbrescue.core.connections.ConnectionsOptions;
import dev.dbrescue.core.connections.ConnectionsReport;
import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;
import dev.dbrescue.core.spi.ConnectionsReader;
import dev.dbrescue.core.target.Secrets;

import java.sql.SQLException;

/**
 * One {@code connections} sample on an open connection: read, analyse. Remembers the previous sample's limits so
 * that in a watch a counter that grew (connections refused) is told as happening now.
 */
public final class ConnectionsDiagnosis {

    private final ServerConnection connection;
    private final ConnectionsReader reader;
    private final ConnectionsOptions options;
    private ConnectionLimits previous;

    public ConnectionsDiagnosis(ServerConnection connection, ConnectionsOptions options) {
        this.connection = connection;
        this.reader = connection.family().connectionsReader(connection.server());
        this.options = options;
    }

    public ConnectionsReport sample() {
        try {
            ConnectionsReport report = ConnectionsAnalysis.analyze(reader.read(connection.connection()), options, previous);
            previous = report.limits();
            return report;
        } catch (SQLException e) {
            throw new DbRescueException(ErrorCode.CONNECTION, "Reading connections from " + connection.target() + " failed: "
                    + Secrets.scrub(e.getMessage(), connection.target().password())
                    + " (check that the server is up and that the user may read the process list)", e);
        }
    }
}
