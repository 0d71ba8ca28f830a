package dev.dbrescue.mysql;

import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;
import dev.dbrescue.core.model.Engine;
import dev.dbrescue.core.model.ServerInfo;

import java.util.Locale;
import java.util.Optional;

/**
 * Tells MariaDB from MySQL by what the server says, MariaDB first as Flyway does: MariaDB speaks the MySQL protocol
 * and its drivers may report the product as "MySQL", but its {@code VERSION()} always says "MariaDB"
 * (e.g. {@code 10.11.19-MariaDB-0+deb12u1}). Servers that only imitate MySQL (TiDB, Vitess, ...) lack the InnoDB
 * lock tables dbrescue reads, so they are not claimed.
 */
final class MySqlServerDetection {

    private MySqlServerDetection() {
    }

    /** True when the JDBC product name belongs to this family, before any statement is run. */
    static boolean claimsProduct(String productName) {
        String p = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
        return p.contains("mysql") || p.contains("mariadb");
    }

    /**
     * @param productName {@code DatabaseMetaData.getDatabaseProductName()}
     * @param version     {@code SELECT VERSION()}
     * @throws DbRescueException UNSUPPORTED_SERVER for MySQL before 5.7 or MariaDB before 10.3
     */
    static Optional<ServerInfo> classify(String productName, String version) {
        if (!claimsProduct(productName) || version == null) {
            return Optional.empty();
        }
        String v = version.toLowerCase(Locale.ROOT);
        if (v.contains("mariadb") || productName.toLowerCase(Locale.ROOT).contains("mariadb")) {
            ServerInfo server = ServerInfo.of(Engine.MARIADB, version);
            if (!server.atLeast(10, 3)) {
                throw unsupported("MariaDB", version, "MariaDB 10.3 or later");
            }
            return Optional.of(server);
        }
        if (v.contains("tidb") || v.contains("vitess")) {
            return Optional.empty();
        }
        ServerInfo server = ServerInfo.of(Engine.MYSQL, version);
        if (server.major() == 0) {
            return Optional.empty(); // no version number at all: not a server we know
        }
        if (!server.atLeast(5, 7)) {
            throw unsupported("MySQL", version, "MySQL 5.7 or later");
        }
        return Optional.of(server);
    }

    private static DbRescueException unsupported(String product, String version, String needed) {
        return new DbRescueException(ErrorCode.UNSUPPORTED_SERVER, product + " " + version
                + " is too old for dbrescue: it needs " + needed + " (for the InnoDB lock tables it reads); use a newer server.");
    }
}
