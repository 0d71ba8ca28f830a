package dev.dbrescue.postgres;

import dev.dbrescue.core.target.ClientEnvironment;
import dev.dbrescue.core.target.Target;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Fills a target in the way psql would (https://www.postgresql.org/docs/current/libpq-envars.html): user from the
 * target, else {@code PGUSER}, else the login name; database from the target, else {@code PGDATABASE}, else the user
 * name; password from the target, else {@code DBRESCUE_PASSWORD}, else {@code PGPASSWORD}, else the password file.
 * Also names our sessions {@code dbrescue} in pg_stat_activity.application_name, unless the target names them.
 */
final class PostgresClientDefaults {

    static final int DEFAULT_PORT = 5432;
    static final String APPLICATION_NAME = "dbrescue";
    /** pgjdbc's connection property for application_name. */
    static final String APPLICATION_NAME_PROPERTY = "ApplicationName";

    private PostgresClientDefaults() {
    }

    static Target apply(Target target, ClientEnvironment environment) {
        if (target.jdbcUrl() != null) {
            return applyToJdbcUrl(target, environment);
        }
        String user = target.user() != null ? target.user()
                : environment.variable("PGUSER").orElse(environment.loginName());
        String database = target.database() != null ? target.database()
                : environment.variable("PGDATABASE").orElse(user);
        int port = target.port() != null ? target.port() : DEFAULT_PORT;
        String password = target.password();
        if (password == null) {
            password = environment.variable("DBRESCUE_PASSWORD")
                    .or(() -> environment.variable("PGPASSWORD"))
                    .or(() -> user == null ? Optional.empty() : PgPassFile.lookup(environment, target.host(), port, database, user))
                    .orElse(null);
        }
        return new Target(target.scheme(), target.host(), port, database, user, password, null, withApplicationName(target.options()));
    }

    /**
     * A jdbc: URL goes to the driver as the user wrote it; only a password from the environment is added when the URL
     * has none. pgjdbc reads ~/.pgpass itself for such URLs (since 42.3).
     */
    private static Target applyToJdbcUrl(Target target, ClientEnvironment environment) {
        String lower = target.jdbcUrl().toLowerCase(Locale.ROOT);
        String password = target.password();
        if (password == null && !lower.contains("password=")) {
            password = environment.variable("DBRESCUE_PASSWORD").or(() -> environment.variable("PGPASSWORD")).orElse(null);
        }
        Map<String, String> options = lower.contains(APPLICATION_NAME_PROPERTY.toLowerCase(Locale.ROOT) + "=")
                ? target.options() : withApplicationName(target.options());
        return new Target(target.scheme(), target.host(), target.port(), target.database(), target.user(), password,
                target.jdbcUrl(), options);
    }

    private static Map<String, String> withApplicationName(Map<String, String> options) {
        boolean named = options.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(APPLICATION_NAME_PROPERTY));
        if (named) {
            return options;
        }
        Map<String, String> out = new LinkedHashMap<>(options);
        out.put(APPLICATION_NAME_PROPERTY, APPLICATION_NAME);
        return out;
    }
}
