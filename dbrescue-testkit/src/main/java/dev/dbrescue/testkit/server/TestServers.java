package dev.dbrescue.testkit.server;

import java.util.function.Supplier;

/**
 * The servers tests run against: the one named by {@code DBRESCUE_TEST_MARIADB_URL} /
 * {@code DBRESCUE_TEST_POSTGRES_URL} when set, otherwise one started by this JVM (once, on first use, stopped at
 * exit). A server that cannot be had is an {@link IllegalStateException} whose message says how to provide one:
 * never a skipped test.
 */
public final class TestServers {

    public static final String MARIADB_URL_VARIABLE = "DBRESCUE_TEST_MARIADB_URL";
    public static final String POSTGRES_URL_VARIABLE = "DBRESCUE_TEST_POSTGRES_URL";

    private static final Slot MARIADB = new Slot("MariaDB", MARIADB_URL_VARIABLE,
            "mysql://root@127.0.0.1:3306/test", () -> EmbeddedMariaDb.start(EmbeddedMariaDb.METADATA_LOCK_VISIBILITY).handle());
    private static final Slot POSTGRES = new Slot("PostgreSQL", POSTGRES_URL_VARIABLE,
            "postgresql://postgres@127.0.0.1:5432/postgres", () -> EmbeddedPostgres.start().handle());

    private TestServers() {
    }

    /** A MariaDB (or MySQL, if the variable says so) for tests; the embedded one has the database {@code test}. */
    public static ServerHandle mariadb() {
        return MARIADB.get();
    }

    /** A PostgreSQL for tests. */
    public static ServerHandle postgres() {
        return POSTGRES.get();
    }

    /**
     * One engine's server. Each slot has its own lock, so that MariaDB and PostgreSQL can start side by side;
     * a failure is remembered, so that a hundred tests do not each wait for the same failing start.
     * The embedded servers register their own shutdown hooks.
     */
    static final class Slot {
        private final String engine;
        private final String variable;
        private final String example;
        private final Supplier<ServerHandle> starter;
        private ServerHandle server;
        private IllegalStateException failure;

        Slot(String engine, String variable, String example, Supplier<ServerHandle> starter) {
            this.engine = engine;
            this.variable = variable;
            this.example = example;
            this.starter = starter;
        }

        synchronized ServerHandle get() {
            String url = System.getenv(variable);
            if (url != null && !url.isBlank()) {
                return new ServerHandle(url.strip(), false);
            }
            if (failure != null) {
                throw failure;
            }
            if (server == null) {
                try {
                    server = starter.get();
                } catch (RuntimeException e) {
                    failure = new IllegalStateException("No " + engine + " for tests: the embedded one did not start ("
                            + e.getMessage() + "). Point the tests at a server of yours instead, e.g. "
                            + variable + "=" + example, e);
                    throw failure;
                }
            }
            return server;
        }
    }
}
