package dev.dbrescue.testkit.lab;

/**
 * One incident the lab can reproduce with real sessions on a real server. The name is part of the command-line
 * contract ({@code dbrescue lab NAME TARGET}); never rename one.
 */
public interface Scenario {

    String name();

    /** A few sentences: what the sessions do, and what {@code dbrescue locks} should say about it. */
    String description();

    /**
     * Creates the scenario's tables, opens its sessions and returns once the incident is in its steady state (the
     * expected sessions are waiting, as the server itself shows). On failure everything made so far is cleaned up.
     */
    Incident start(LabContext context) throws Exception;
}
