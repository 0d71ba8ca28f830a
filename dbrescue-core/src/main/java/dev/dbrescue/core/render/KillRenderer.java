package dev.dbrescue.core.render;

import dev.dbrescue.core.action.KillReport;

import java.io.IOException;
import java.io.Writer;

/** Turns one run of {@code dbrescue kill} into one output format. Writes to the given writer only. */
public interface KillRenderer {

    void render(KillReport report, Writer out) throws IOException;

    /** @param compact one line per report (JSON), for {@code --watch}, where reports follow one another */
    static KillRenderer of(OutputFormat format, boolean compact) {
        return switch (format) {
            case TEXT -> new TextKillRenderer();
            case JSON -> new JsonKillRenderer(compact);
        };
    }
}
