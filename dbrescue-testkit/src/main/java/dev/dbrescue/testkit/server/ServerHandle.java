package dev.dbrescue.testkit.server;

import dev.dbrescue.core.target.Target;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A running server that tests or the demo may use.
 *
 * @param uri      a dbrescue target URI, e.g. {@code mysql://root@127.0.0.1:3306/test}; never contains a password
 *                 unless the server needs one
 * @param embedded true when this JVM started the server (and stops it)
 */
public record ServerHandle(String uri, boolean embedded) {

    /**
     * The same server as a JDBC URL for the driver on the testkit's classpath: {@code jdbc:mariadb://...} for
     * {@code mysql://} and {@code mariadb://}, {@code jdbc:postgresql://...} for {@code postgresql://} and
     * {@code postgres://}; user, password and options become URL parameters. A {@code jdbc:} URI is returned as is.
     * The result may contain the password: do not print it.
     */
    public String jdbcUrl() {
        Target target = Target.parse(uri);
        if (target.jdbcUrl() != null) {
            return target.jdbcUrl();
        }
        boolean mysql = switch (target.scheme()) {
            case "mysql", "mariadb" -> true;
            case "postgresql", "postgres" -> false;
            default -> throw new IllegalStateException("Unknown scheme in " + target
                    + ": use mysql://, mariadb://, postgresql:// or postgres://");
        };
        int port = target.port() != null ? target.port() : mysql ? 3306 : 5432;
        String database = target.database() != null ? target.database() : mysql ? "" : "postgres";
        Map<String, String> parameters = new LinkedHashMap<>();
        if (target.user() != null) {
            parameters.put("user", target.user());
        }
        if (target.password() != null) {
            parameters.put("password", target.password());
        }
        parameters.putAll(target.options());
        StringBuilder url = new StringBuilder("jdbc:").append(mysql ? "mariadb" : "postgresql").append("://")
                .append(target.host()).append(':').append(port).append('/').append(database);
        char separator = '?';
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            url.append(separator).append(encode(parameter.getKey())).append('=').append(encode(parameter.getValue()));
            separator = '&';
        }
        return url.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
