package dev.dbrescue.testkit.lab;

import java.util.List;

/** A running incident: its sessions hold locks and wait until {@link #finish()} or {@link #close()}. */
public interface Incident extends AutoCloseable {

    /** The sessions the scenario made and what each does. */
    List<Role> roles();

    /** What {@code dbrescue locks} must report while the incident is held. */
    Expectation expected();

    /**
     * The scenario's ending, after the hold: closes a deadlock cycle and reports who got ERROR 1213 / 40P01, lets a
     * lock wait time out (1205 / 55P03), lets the queue drain. Returns plain-language outcome lines.
     */
    List<String> finish() throws Exception;

    /** Rolls back, ends every session, drops the scenario's tables. Idempotent; safe from a shutdown hook. */
    @Override
    void close();

    /** The tables the scenario created (unquoted), dropped by {@link #close()}. */
    default List<String> tables() {
        return List.of();
    }

    /** Every session the lab opened for this incident, including ones not listed as roles. */
    default List<Long> sessionIds() {
        return roles().stream().map(Role::sessionId).toList();
    }
}
