package dev.dbrescue.mysql;

import dev.dbrescue.core.target.ClientEnvironment;
import dev.dbrescue.core.target.Target;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Credentials the way the mysql client finds them, for targets that do not carry them:
 * the password from the URL, then {@code DBRESCUE_PASSWORD}, then {@code MYSQL_PWD}, then {@code ~/.my.cnf}
 * ([client] or [mysql] {@code password}); the user from the URL, then {@code ~/.my.cnf}, then the login name
 * (https://dev.mysql.com/doc/refman/8.0/en/connecting.html#connecting-defaults).
 */
final class MySqlClientDefaults {

    static final int DEFAULT_PORT = 3306;
    static final String PASSWORD_SOURCES = "the URL, DBRESCUE_PASSWORD, MYSQL_PWD, then ~/.my.cnf [client] password";

    /** MariaDB Connector/J accepts jdbc:mysql: URLs only when they carry this flag (its "Configuration.acceptsUrl"). */
    static final String PERMIT_MYSQL_SCHEME = "permitMysqlScheme";

    private static final Pattern JDBC_USER = Pattern.compile("(?i)[?&]user=");
    private static final Pattern JDBC_PASSWORD = Pattern.compile("(?i)[?&]password=");

    private MySqlClientDefaults() {
    }

    static Target apply(Target target, ClientEnvironment environment) {
        Map<String, String> cnf = myCnf(environment.home());
        if (target.jdbcUrl() != null) {
            return applyToJdbc(target, environment, cnf);
        }
        Target out = target;
        if (out.user() == null) {
            out = out.withUser(Optional.ofNullable(cnf.get("user")).orElse(environment.loginName()));
        }
        if (out.password() == null) {
            String password = password(environment, cnf);
            if (password != null) {
                out = out.withPassword(password);
            }
        }
        return out;
    }

    /** A jdbc URL is passed as is, except for the flag the driver needs for jdbc:mysql: and missing credentials. */
    private static Target applyToJdbc(Target target, ClientEnvironment environment, Map<String, String> cnf) {
        String url = target.jdbcUrl();
        if (url.regionMatches(true, 0, "jdbc:mysql:", 0, "jdbc:mysql:".length()) && !url.contains(PERMIT_MYSQL_SCHEME)) {
            url = url + (url.indexOf('?') < 0 ? "?" : "&") + PERMIT_MYSQL_SCHEME;
        }
        String user = target.user();
        if (user == null && !JDBC_USER.matcher(url).find()) {
            user = Optional.ofNullable(cnf.get("user")).orElse(environment.loginName());
        }
        String password = target.password();
        if (password == null && !JDBC_PASSWORD.matcher(url).find()) {
            password = password(environment, cnf);
        }
        return new Target(target.scheme(), target.host(), target.port(), target.database(), user, password, url, target.options());
    }

    private static String password(ClientEnvironment environment, Map<String, String> cnf) {
        return environment.variable("DBRESCUE_PASSWORD")
                .or(() -> environment.variable("MYSQL_PWD"))
                .orElse(cnf.get("password"));
    }

    private static Map<String, String> myCnf(Path home) {
        if (home == null) {
            return Map.of();
        }
        Path file = home.resolve(".my.cnf");
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            return MyCnf.options(Files.readString(file, StandardCharsets.UTF_8), MyCnf.CLIENT_GROUPS);
        } catch (IOException | RuntimeException unreadable) {
            // The mysql client skips an option file it cannot read; so do we (the server will say if a password was needed).
            return Map.of();
        }
    }
}
