package dev.dbrescue.core.spi;

import dev.dbrescue.core.deadlock.Deadlock;
import dev.dbrescue.core.model.Limitation;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What a live server still remembers of the statements each session ran, for filling in what a deadlock report
 * leaves out: the statements each deadlocked transaction ran before the one the report shows (seed 03: "the other
 * queries can only be guessed"). Degrades like {@link DeadlockFeed}: a setting that is off, a missing privilege or
 * a session that has ended leaves transactions as they were, with a {@link Limitation} saying why; only a broken
 * session throws.
 */
public interface StatementHistory {

    /** Remembers nothing: the default of engines without a statement history. */
    StatementHistory NONE = (connection, deadlock) -> new Recollection(deadlock, List.of());

    /**
     * @param deadlock    the deadlock, with {@link dev.dbrescue.core.deadlock.DeadlockTransaction#earlier()} set on
     *                    every transaction the server still remembers
     * @param limitations why the others were not filled in; empty when all were
     */
    record Recollection(Deadlock deadlock, List<Limitation> limitations) {

        public Recollection {
            limitations = List.copyOf(limitations);
        }
    }

    /**
     * Fills in each transaction's earlier statements, found by its thread id. Only meaningful on the server that
     * wrote the report, soon after: histories are short and end with their session.
     */
    Recollection recall(Connection connection, Deadlock deadlock) throws SQLException;
}
