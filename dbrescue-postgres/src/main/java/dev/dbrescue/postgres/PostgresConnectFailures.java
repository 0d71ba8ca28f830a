package dev.dbrescue.postgres;

import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;
import dev.dbrescue.core.target.Secrets;
import dev.dbrescue.core.target.Target;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.SQLException;
import java.util.Locale;

/**
 * Turns a failed connection attempt into one line that says what to do, by SQLSTATE
 * (https://www.postgresql.org/docs/current/errcodes-appendix.html). pgjdbc reports its own client-side failures
 * with class 08 states (refused, unknown host, timeout). The password never appears: every message is scrubbed.
 */
final class PostgresConnectFailures {

    static final String PASSWORD_SOURCES = "the URL, DBRESCUE_PASSWORD, PGPASSWORD, then ~/.pgpass (or the file PGPASSFILE names)";

    private PostgresConnectFailures() {
    }

    static DbRescueException translate(SQLException failure, Target target) {
        String where = where(target);
        String user = target.user() == null ? "(the driver's default)" : "'" + target.user() + "'";
        String state = failure.getSQLState() == null ? "" : failure.getSQLState();
        String reason = serverReason(failure);
        ErrorCode code;
        String message;
        switch (state) {
            case "28P01" -> {
                code = ErrorCode.AUTHENTICATION;
                message = "PostgreSQL at " + where + " rejected the password of user " + user
                        + ": check it; dbrescue reads passwords from " + PASSWORD_SOURCES + ".";
            }
            case "28000" -> {
                // invalid_authorization_specification: unknown role, role without LOGIN, no pg_hba.conf entry.
                code = ErrorCode.AUTHENTICATION;
                message = "PostgreSQL at " + where + " refused user " + user + " (" + reason
                        + "): check the user name and pg_hba.conf; dbrescue reads passwords from " + PASSWORD_SOURCES + ".";
            }
            case "3D000" -> {
                code = ErrorCode.USAGE;
                message = "Database '" + target.database() + "' does not exist on PostgreSQL at " + where
                        + ": name an existing database in the target, e.g. postgresql://" + (target.user() == null ? "" : target.user() + "@")
                        + where + "/postgres (without one, PGDATABASE or else the user name is used, as psql does).";
            }
            case "53300" -> {
                code = ErrorCode.CONNECTION;
                message = "PostgreSQL at " + where + " has no free connection slot (" + reason + "): max_connections is reached and the "
                        + "last superuser_reserved_connections (and reserved_connections, PostgreSQL 16+) slots are kept for superusers; "
                        + "connect as a superuser, or end idle sessions from an existing one.";
            }
            case "57P03" -> {
                code = ErrorCode.CONNECTION;
                message = "PostgreSQL at " + where + " does not accept connections now (" + reason
                        + "): wait for startup, recovery or shutdown to finish, then retry.";
            }
            default -> {
                if (state.equals("08004") && reason.toLowerCase(Locale.ROOT).contains("password")) {
                    // pgjdbc: "The server requested password-based authentication, but no password was provided."
                    code = ErrorCode.AUTHENTICATION;
                    message = "PostgreSQL at " + where + " asks for a password for user " + user
                            + " and none was found: dbrescue reads passwords from " + PASSWORD_SOURCES + ".";
                } else if (state.isEmpty() || state.startsWith("08")) {
                    code = ErrorCode.CONNECTION;
                    message = "Cannot reach PostgreSQL at " + where + ": check host, port, listen_addresses and pg_hba.conf ("
                            + rootCause(failure) + ").";
                } else {
                    code = ErrorCode.CONNECTION;
                    message = "Cannot connect to PostgreSQL at " + where + ": " + reason + " (SQLSTATE " + state + ").";
                }
            }
        }
        return new DbRescueException(code, Secrets.scrub(message, target.password()), failure);
    }

    /** {@code host:port} for a URI target, the masked URL for a jdbc: target. */
    static String where(Target target) {
        if (target.host() == null) {
            return target.toString();
        }
        return target.host() + ":" + (target.port() == null ? PostgresClientDefaults.DEFAULT_PORT : target.port());
    }

    /** The server's own primary message where there is one, else the driver's. */
    private static String serverReason(SQLException failure) {
        if (failure instanceof PSQLException psql) {
            ServerErrorMessage server = psql.getServerErrorMessage();
            if (server != null && server.getMessage() != null) {
                return server.getMessage();
            }
        }
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }

    /** The innermost cause in a few words: "ConnectException: Connection refused", "UnknownHostException: db1". */
    private static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root == failure) {
            return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
