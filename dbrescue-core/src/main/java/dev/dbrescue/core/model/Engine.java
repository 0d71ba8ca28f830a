package dev.dbrescue.core.model;

/**
 * The server products dbrescue knows. The engine is detected from the server itself
 * ({@code DatabaseMetaData} and {@code SELECT VERSION()}), never from the URL scheme.
 */
public enum Engine {
    MYSQL("mysql", Family.MYSQL),
    MARIADB("mariadb", Family.MYSQL),
    POSTGRESQL("postgresql", Family.POSTGRESQL);

    /** Engines that share lock semantics and SQL dialect. */
    public enum Family { MYSQL, POSTGRESQL }

    private final String jsonName;
    private final Family family;

    Engine(String jsonName, Family family) {
        this.jsonName = jsonName;
        this.family = family;
    }

    public String jsonName() {
        return jsonName;
    }

    public Family family() {
        return family;
    }

    /** The statement that ends a session and rolls back its transaction. */
    public String terminateSql(long sessionId) {
        return family == Family.MYSQL
                ? "KILL " + sessionId
                : "SELECT pg_terminate_backend(" + sessionId + ")";
    }

    /** The statement that cancels the session's running statement but keeps the session. */
    public String cancelSql(long sessionId) {
        return family == Family.MYSQL
                ? "KILL QUERY " + sessionId
                : "SELECT pg_cancel_backend(" + sessionId + ")";
    }
}
