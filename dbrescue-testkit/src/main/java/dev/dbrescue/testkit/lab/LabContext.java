package dev.dbrescue.testkit.lab;

import dev.dbrescue.core.connect.Connector;
import dev.dbrescue.core.target.Target;

import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;

/**
 * What a scenario needs to run.
 *
 * @param target    the server, and for MySQL/MariaDB the database the lab's tables go in
 * @param connector opens the lab's sessions (unguarded: they must hold locks and wait like an application)
 * @param hold      how long the incident will be held; waiting sessions get lock timeouts longer than this
 * @param log       where the lab narrates what its sessions do; may be null for silence
 */
public record LabContext(Target target, Connector connector, Duration hold, PrintWriter log) {

    public LabContext {
        if (hold == null || hold.isNegative()) {
            hold = Duration.ZERO;
        }
        if (log == null) {
            log = new PrintWriter(Writer.nullWriter());
        }
    }
}
