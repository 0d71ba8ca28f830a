package dev.dbrescue.app.deadlocks;

import dev.dbrescue.core.deadlock.Deadlock;
import dev.dbrescue.core.deadlock.analysis.AnalyzedDeadlock;
import dev.dbrescue.core.model.Engine;
import dev.dbrescue.core.model.Limitation;
import dev.dbrescue.core.spi.StatementHistory;
import dev.dbrescue.core.target.Secrets;
import dev.dbrescue.core.target.Target;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code deadlocks parse --target} and {@code deadlocks watch}: each deadlocked transaction's earlier statements,
 * from the server's statement history while it still remembers them. What stands in the way (a setting that is
 * off, a session that has ended) is said once per remedy, not once per deadlock. The deadlock's pattern and
 * fingerprints stay what the report alone gives, so a deadlock recorded with and without them is the same one.
 */
final class StatementRecall {

    private static final String WHAT = "earlier statements of deadlocked transactions";

    private final StatementHistory history;
    private final Target target;
    private final Consumer<String> warnings;
    private final Set<String> said = new HashSet<>();

    StatementRecall(StatementHistory history, Target target, Consumer<String> warnings) {
        this.history = history;
        this.target = target;
        this.warnings = warnings;
    }

    AnalyzedDeadlock recall(Connection connection, AnalyzedDeadlock analyzed) {
        Deadlock d = analyzed.deadlock();
        if (d.engine() == Engine.POSTGRESQL) {
            return analyzed;
        }
        try {
            StatementHistory.Recollection recollection = history.recall(connection, d);
            recollection.limitations().forEach(this::say);
            if (recollection.deadlock() == d) {
                return analyzed;
            }
            return new AnalyzedDeadlock(recollection.deadlock(), analyzed.pattern(), analyzed.edges(),
                    analyzed.fingerprint(), analyzed.shape());
        } catch (SQLException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replace('\n', ' ');
            say(new Limitation(WHAT, Secrets.scrub(message, target.password()),
                    "they stay unknown for this deadlock"));
            return analyzed;
        }
    }

    private void say(Limitation limitation) {
        if (said.add(limitation.what() + "\u0000" + limitation.remedy())) {
            warnings.accept(limitation.what() + ": " + limitation.reason() + "; " + limitation.remedy() + ".");
        }
    }
}
