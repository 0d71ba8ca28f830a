package dev.dbrescue.core.deadlock.render;

import dev.dbrescue.core.deadlock.LoggedLockWait;
import dev.dbrescue.core.deadlock.ParseWarning;
import dev.dbrescue.core.deadlock.analysis.AnalyzedDeadlock;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes deadlocks as they are parsed, so that a large log streams through: each deadlock is written when it is
 * complete. Lock waits and warnings come last (kept by the caller, bounded).
 */
public interface DeadlockWriter {

    void begin() throws IOException;

    void deadlock(AnalyzedDeadlock deadlock) throws IOException;

    void end(List<LoggedLockWait> lockWaits, long lockWaitsDropped, List<ParseWarning> warnings, long warningsDropped) throws IOException;

    static DeadlockWriter of(DeadlockFormat format, Writer out) {
        return switch (format) {
            case TEXT -> new TextDeadlockWriter(out);
            case JSON -> new JsonDeadlockWriter(out);
            case MERMAID -> new GraphDeadlockWriter(out, GraphDeadlockWriter.Syntax.MERMAID);
            case DOT -> new GraphDeadlockWriter(out, GraphDeadlockWriter.Syntax.DOT);
        };
    }
}
