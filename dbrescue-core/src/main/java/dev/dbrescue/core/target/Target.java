package dev.dbrescue.core.target;

import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where to connect, as the user wrote it: {@code scheme://user[:password]@host[:port][/db][?k=v&...]} or a plain
 * {@code jdbc:} URL. The scheme only picks the driver; the engine is detected from the server afterwards.
 * {@link #toString()} never shows the password.
 *
 * @param scheme   {@code mysql}, {@code mariadb}, {@code postgresql}, {@code postgres}; for a jdbc URL its subprotocol
 * @param jdbcUrl  set only when the user gave a jdbc: URL; passed to the driver as is
 * @param options  query parameters of a URI target, passed to the driver
 */
public record Target(String scheme, String host, Integer port, String database, String user, String password,
                     String jdbcUrl, Map<String, String> options) {

    private static final Pattern URI = Pattern.compile(
            "^([a-zA-Z][a-zA-Z0-9+.-]*)://(?:([^:@/]*)(?::([^@/]*))?@)?(\\[[^\\]]+\\]|[^:/?]*)(?::(\\d+))?(?:/([^?]*))?(?:\\?(.*))?$");

    public Target {
        options = Map.copyOf(options);
    }

    public static Target parse(String text) {
        if (text == null || text.isBlank()) {
            throw new DbRescueException(ErrorCode.USAGE, "No target given: pass a URL such as mysql://root@127.0.0.1:3306 or postgresql://postgres@127.0.0.1/postgres");
        }
        String t = text.trim();
        if (t.startsWith("jdbc:")) {
            String rest = t.substring(5);
            int colon = rest.indexOf(':');
            if (colon <= 0) {
                throw bad(t, "a jdbc URL looks like jdbc:mariadb://host:3306/db or jdbc:postgresql://host:5432/db");
            }
            return new Target(rest.substring(0, colon).toLowerCase(java.util.Locale.ROOT), null, null, null, null, null, t, Map.of());
        }
        Matcher m = URI.matcher(t);
        if (!m.matches()) {
            throw bad(t, "expected scheme://user[:password]@host[:port][/database], e.g. mysql://root@127.0.0.1:3306");
        }
        String host = m.group(4);
        if (host.isEmpty()) {
            host = "127.0.0.1";
        }
        Integer port = m.group(5) == null ? null : Integer.valueOf(m.group(5));
        if (port != null && (port < 1 || port > 65535)) {
            throw bad(t, "port " + port + " is out of range 1-65535");
        }
        Map<String, String> options = new LinkedHashMap<>();
        if (m.group(7) != null && !m.group(7).isEmpty()) {
            for (String pair : m.group(7).split("&")) {
                int eq = pair.indexOf('=');
                options.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return new Target(m.group(1).toLowerCase(java.util.Locale.ROOT), host, port,
                emptyToNull(decode(m.group(6))), emptyToNull(decode(m.group(2))), m.group(3) == null ? null : decode(m.group(3)),
                null, options);
    }

    public Target withUser(String user) {
        return new Target(scheme, host, port, database, user, password, jdbcUrl, options);
    }

    public Target withPassword(String password) {
        return new Target(scheme, host, port, database, user, password, jdbcUrl, options);
    }

    public Target withDatabase(String database) {
        return new Target(scheme, host, port, database, user, password, jdbcUrl, options);
    }

    /** How the target is shown to people: never with the password. */
    @Override
    public String toString() {
        if (jdbcUrl != null) {
            return Secrets.maskUrl(jdbcUrl);
        }
        StringBuilder s = new StringBuilder(scheme).append("://");
        if (user != null) {
            s.append(user);
            if (password != null) {
                s.append(":***");
            }
            s.append('@');
        }
        s.append(host);
        if (port != null) {
            s.append(':').append(port);
        }
        if (database != null) {
            s.append('/').append(database);
        }
        return s.toString();
    }

    private static DbRescueException bad(String text, String hint) {
        return new DbRescueException(ErrorCode.USAGE, "Cannot read target '" + Secrets.maskUrl(text) + "': " + hint + ".");
    }

    private static String decode(String s) {
        return s == null ? null : URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
