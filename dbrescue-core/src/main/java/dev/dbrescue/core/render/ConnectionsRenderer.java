package dev.dbrescue.core.render;

import dev.dbrescue.core.connections.ConnectionsReport;

import java.io.IOException;
import java.io.Writer;

/** Turns a connections report into one output format. Writes to the given writer only. */
public interface ConnectionsRenderer {

    void render(ConnectionsReport report, Writer out) throws IOException;

    static ConnectionsRenderer of(OutputFormat format) {
        return switch (format) {
            case TEXT -> new TextConnectionsRenderer();
            case JSON -> new JsonConnectionsRenderer();
        };
    }
}
