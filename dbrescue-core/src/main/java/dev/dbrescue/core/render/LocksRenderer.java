package dev.dbrescue.core.render;

import dev.dbrescue.core.analysis.LocksReport;

import java.io.IOException;
import java.io.Writer;

/** Turns a lock report into one output format. Writes to the given writer only. */
public interface LocksRenderer {

    void render(LocksReport report, Writer out) throws IOException;

    static LocksRenderer of(OutputFormat format) {
        return switch (format) {
            case TEXT -> new TextLocksRenderer();
            case JSON -> new JsonLocksRenderer();
        };
    }
}
