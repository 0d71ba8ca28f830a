package dev.dbrescue.app.connections;

import dev.dbrescue.testkit.server.EmbeddedMariaDb;
import dev.dbrescue.testkit.server.EmbeddedPostgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Servers of the connections tests' own, started once per JVM: a max_connections of 20, so that connection-exhaustion
 * fills them in a moment, and nobody else's sessions, so that every count can be exact. MariaDB runs with
 * performance_schema (application names, metadata locks), as the tests' shared one does.
 */
final class SmallServers {

    static final int MAX_CONNECTIONS = 20;

    private static EmbeddedMariaDb mariadb;
    private static EmbeddedPostgres postgres;

    private SmallServers() {
    }

    static synchronized String mariadb() {
        if (mariadb == null) {
            List<String> arguments = new ArrayList<>(EmbeddedMariaDb.METADATA_LOCK_VISIBILITY);
            arguments.add("--max-connections=" + MAX_CONNECTIONS);
            mariadb = EmbeddedMariaDb.start(arguments);
        }
        return mariadb.uri();
    }

    static synchronized String postgres() {
        if (postgres == null) {
            postgres = EmbeddedPostgres.start(Map.of("max_connections", Integer.toString(MAX_CONNECTIONS)));
        }
        return postgres.uri();
    }

    static String uri(String engine) {
        return engine.equals("mariadb") ? mariadb() : postgres();
    }

    /** The same server, with the lab's sessions named "dbrescue-lab" as an application would name itself. */
    static String labUri(String engine) {
        return engine.equals("mariadb") ? mariadb() + "?connectionAttributes=program_name:dbrescue-lab"
                : postgres() + "?ApplicationName=dbrescue-lab";
    }
}
