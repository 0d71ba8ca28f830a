package dev.dbrescue.app.deadlocks;

import dev.dbrescue.core.target.Target;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Whether the server runs on this machine. Only then is a log path the server names a file dbrescue can read: on
 * another machine the same path is another file (a developer's own local MySQL, say), or nothing.
 */
final class ServerHost {

    private ServerHost() {
    }

    static boolean isThisMachine(Target target) {
        String host = target.jdbcUrl() != null ? hostOf(target.jdbcUrl()) : target.host();
        if (host == null || host.isBlank()) {
            return false;
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            InetAddress address = InetAddress.getByName(host);
            return address.isLoopbackAddress() || address.isAnyLocalAddress()
                    || NetworkInterface.getByInetAddress(address) != null;
        } catch (IOException unknownHost) {
            return false;
        }
    }

    /** The host of {@code jdbc:mariadb://h:3306/db}; pgjdbc's {@code jdbc:postgresql:db} means localhost. */
    static String hostOf(String jdbcUrl) {
        String rest = jdbcUrl.substring("jdbc:".length());
        int colon = rest.indexOf(':');
        String afterScheme = colon < 0 ? "" : rest.substring(colon + 1);
        if (!afterScheme.startsWith("//")) {
            return afterScheme.contains("//") ? null : "localhost";
        }
        try {
            // Only the first host of a list (failover URLs) counts.
            String authority = afterScheme.substring(2).split("[/?]", 2)[0].split(",", 2)[0];
            URI uri = new URI("x://" + authority);
            return uri.getHost() == null ? authority.replaceFirst(":\\d+$", "") : uri.getHost();
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
