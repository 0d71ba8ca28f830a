package dev.dbrescue.mysql;

import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;
import dev.dbrescue.core.target.Secrets;
import dev.dbrescue.core.target.Target;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Turns a failed connection attempt into one line that says what to do, by server error number
 * (https://mariadb.com/kb/en/mariadb-error-code-reference/, https://dev.mysql.com/doc/mysql-errors/8.0/en/server-error-reference.html)
 * or, for failures before the server answered, by the socket error MariaDB Connector/J chains as the cause.
 * Every message is scrubbed of the password.
 */
final class MySqlConnectFailures {

    static final int ER_CON_COUNT_ERROR = 1040;
    static final int ER_DBACCESS_DENIED_ERROR = 1044;
    static final int ER_ACCESS_DENIED_ERROR = 1045;
    static final int ER_BAD_DB_ERROR = 1049;
    static final int ER_HOST_IS_BLOCKED = 1129;
    static final int ER_HOST_NOT_PRIVILEGED = 1130;
    /** MariaDB's answer for an account that needs a password and got none, or does not exist. */
    static final int ER_ACCESS_DENIED_NO_PASSWORD_ERROR = 1698;

    private static final String PASSWORDS = MySqlClientDefaults.PASSWORD_SOURCES;

    private MySqlConnectFailures() {
    }

    static DbRescueException translate(SQLException failure, Target target) {
        String where = where(target);
        String user = target.user() == null ? "(the driver's default user)" : "'" + target.user() + "'";
        String reason = reason(failure, target);
        int errorNumber = errorNumber(failure);
        String message;
        ErrorCode code;
        switch (errorNumber) {
            case ER_ACCESS_DENIED_ERROR, ER_ACCESS_DENIED_NO_PASSWORD_ERROR -> {
                code = ErrorCode.AUTHENTICATION;
                message = "MySQL/MariaDB at " + where + " denied access to user " + user
                        + (target.password() == null ? " without a password" : "")
                        + ": check the user and password; dbrescue reads passwords from " + PASSWORDS + " (" + reason + ").";
            }
            case ER_DBACCESS_DENIED_ERROR -> {
                code = ErrorCode.PRIVILEGE;
                message = "User " + user + " may not use database '" + target.database() + "' on " + where
                        + ": leave the database out of the target (dbrescue does not need one) or grant access (" + reason + ").";
            }
            case ER_BAD_DB_ERROR -> {
                code = ErrorCode.USAGE;
                message = "MySQL/MariaDB at " + where + " has no database '" + target.database()
                        + "': fix the name in the target, or leave it out (dbrescue does not need one).";
            }
            case ER_CON_COUNT_ERROR -> {
                code = ErrorCode.CONNECTION;
                message = "MySQL/MariaDB at " + where + " refuses new connections (too many connections): end idle sessions, "
                        + "or connect through the admin port (MariaDB extra_port, MySQL 8.0.14+ admin_port) or as a user with "
                        + "SUPER / CONNECTION_ADMIN, which may take the one connection reserved above max_connections.";
            }
            case ER_HOST_NOT_PRIVILEGED -> {
                code = ErrorCode.AUTHENTICATION;
                message = "MySQL/MariaDB at " + where + " does not let user " + user + " connect from this host: "
                        + "create the account for this host (CREATE USER ...@'<your host>') or connect from an allowed one (" + reason + ").";
            }
            case ER_HOST_IS_BLOCKED -> {
                code = ErrorCode.CONNECTION;
                message = "MySQL/MariaDB at " + where + " blocks this host after too many failed connections: "
                        + "run FLUSH HOSTS on the server, or raise max_connect_errors (" + reason + ").";
            }
            default -> {
                if (reason.toLowerCase(Locale.ROOT).contains("rsa public key")) {
                    // caching_sha2_password (MySQL 8) over a connection without TLS needs the server's RSA key.
                    code = ErrorCode.AUTHENTICATION;
                    message = "MySQL at " + where + " wants to send its RSA key to check the password of user " + user
                            + ": add ?allowPublicKeyRetrieval=true (or useSsl=true) to the target (" + reason + ").";
                } else if (unreachable(failure)) {
                    code = ErrorCode.CONNECTION;
                    message = "Cannot reach MySQL/MariaDB at " + where + ": check host, port and firewall (" + reason + ").";
                } else {
                    code = ErrorCode.CONNECTION;
                    message = "Cannot connect to MySQL/MariaDB at " + where + ": " + reason + ".";
                }
            }
        }
        return new DbRescueException(code, Secrets.scrub(message, target.password()), failure);
    }

    /** host:port for URI targets; the masked URL for jdbc targets. */
    static String where(Target target) {
        if (target.jdbcUrl() != null) {
            return Secrets.maskUrl(target.jdbcUrl());
        }
        return target.host() + ":" + (target.port() == null ? MySqlClientDefaults.DEFAULT_PORT : target.port());
    }

    /** The server's error number, looking through the chain: the driver may wrap the server's error. */
    static int errorNumber(SQLException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() > 0) {
                return sql.getErrorCode();
            }
        }
        return 0;
    }

    private static boolean unreachable(SQLException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t instanceof SocketTimeoutException) {
                return true;
            }
        }
        String state = failure.getSQLState();
        return state != null && state.startsWith("08");
    }

    /** The most specific text of the failure, scrubbed: the socket's "Connection refused" says more than the wrapper. */
    private static String reason(SQLException failure, Target target) {
        Throwable deepest = failure;
        for (Throwable t = failure.getCause(); t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                deepest = t;
            }
        }
        String text = deepest instanceof UnknownHostException ? "unknown host " + deepest.getMessage() : deepest.getMessage();
        if (text == null) {
            text = failure.getClass().getSimpleName();
        }
        // Connector/J prefixes server errors with "(conn=123) ": the connection id means nothing to the user.
        text = text.replace('\n', ' ').replace('\r', ' ').replaceFirst("^\\(conn=\\d+\\)\\s*", "").strip();
        return Secrets.scrub(text, target.password());
    }
}
