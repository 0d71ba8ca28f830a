package dev.dbrescue.binlog.live;

import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;
import dev.dbrescue.core.model.Engine;
import dev.dbrescue.core.model.ServerInfo;
import dev.dbrescue.core.target.Secrets;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What a live server's binary log holds, through dbrescue's ordinary session: where it stands now (SHOW MASTER
 * STATUS) and its files (SHOW BINARY LOGS). Each way this can fail is one line saying what to GRANT or set.
 */
final class ServerBinlogs {

    /** ER_SPECIFIC_ACCESS_DENIED_ERROR: "you need (at least one of) the ... privilege(s)". */
    static final int ACCESS_DENIED = 1227;
    /** ER_NO_BINARY_LOGGING. */
    private static final int NO_BINARY_LOGGING = 1381;

    private ServerBinlogs() {
    }

    /** One binlog file of the server. */
    record ServerBinlog(String name, long size) {
    }

    /**
     * The files to copy and where to stop.
     *
     * @param files       from the start file to the current one, in order
     * @param endPosition SHOW MASTER STATUS's Position: the end of the last complete transaction in the last file
     * @param fromCurrent true when no start file was given, so the current one was taken
     */
    record Range(List<ServerBinlog> files, long endPosition, boolean fromCurrent) {

        String startFile() {
            return files.get(0).name();
        }

        String endFile() {
            return files.get(files.size() - 1).name();
        }

        List<String> names() {
            return files.stream().map(ServerBinlog::name).toList();
        }

        /** An upper bound of the bytes to copy. */
        long bytes() {
            long sum = 0;
            for (int i = 0; i < files.size() - 1; i++) {
                sum += files.get(i).size();
            }
            return sum + endPosition;
        }
    }

    /** Refuses what has no binlog to stream (PostgreSQL, a server without log_bin), and an unknown start file. */
    static Range range(ServerConnection server, String startFile) {
        ServerInfo info = server.server();
        if (info.engine().family() != Engine.Family.MYSQL) {
            throw new DbRescueException(ErrorCode.UNSUPPORTED_SERVER, server.target() + " is " + info + ", which has"
                    + " no binary log: --target reads the binlog of a MySQL or MariaDB server");
        }
        try (Statement statement = server.connection().createStatement()) {
            String[] status = status(statement, server);
            List<ServerBinlog> all = list(statement, server);
            String start = startFile == null ? status[0] : startFile.strip();
            int from = indexOf(all, start);
            if (startFile == null && from > 0) {
                from--; // the file before too: a transaction larger than max_binlog_size rotates the log after it
            }
            if (from < 0) {
                throw new DbRescueException(ErrorCode.USAGE, "--start-file " + start + ": " + server.target()
                        + " has no such binlog; it has " + describe(all) + " (SHOW BINARY LOGS)");
            }
            int to = indexOf(all, status[0]);
            if (to < from) {
                throw new DbRescueException(ErrorCode.CONNECTION, server.target() + " says its current binlog is "
                        + status[0] + ", which SHOW BINARY LOGS does not list after " + start + "; try again");
            }
            long end = Long.parseLong(status[1]);
            return new Range(List.copyOf(all.subList(from, to + 1)), end, startFile == null);
        } catch (SQLException e) {
            throw failure(server, e);
        }
    }

    /** File and Position of SHOW MASTER STATUS (SHOW BINARY LOG STATUS on MySQL 8.2 and later). */
    private static String[] status(Statement statement, ServerConnection server) throws SQLException {
        ServerInfo info = server.server();
        String sql = info.engine() == Engine.MYSQL && info.atLeast(8, 2) ? "SHOW BINARY LOG STATUS"
                : "SHOW MASTER STATUS";
        try (ResultSet rs = statement.executeQuery(sql)) {
            if (!rs.next()) {
                throw binaryLoggingOff(server);
            }
            return new String[]{rs.getString(1), rs.getString(2)};
        }
    }

    private static List<ServerBinlog> list(Statement statement, ServerConnection server) throws SQLException {
        List<ServerBinlog> all = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery("SHOW BINARY LOGS")) {
            while (rs.next()) {
                all.add(new ServerBinlog(rs.getString(1), rs.getLong(2)));
            }
        }
        if (all.isEmpty()) {
            throw binaryLoggingOff(server);
        }
        return all;
    }

    private static int indexOf(List<ServerBinlog> all, String name) {
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static String describe(List<ServerBinlog> all) {
        if (all.size() == 1) {
            return "only " + all.get(0).name();
        }
        if (all.size() <= 5) {
            return String.join(", ", all.stream().map(ServerBinlog::name).toList());
        }
        return all.get(0).name() + " to " + all.get(all.size() - 1).name() + " (" + all.size() + " files)";
    }

    private static DbRescueException binaryLoggingOff(ServerConnection server) {
        return new DbRescueException(ErrorCode.BAD_INPUT, "binary logging is off on " + server.target()
                + " (log_bin=OFF): there is no binlog to read. It cannot be turned on while the server runs: set"
                + " log_bin (and binlog_format=ROW) in its configuration and restart it, for the changes to come");
    }

    private static DbRescueException failure(ServerConnection server, SQLException e) {
        if (e.getErrorCode() == NO_BINARY_LOGGING) {
            return binaryLoggingOff(server);
        }
        if (e.getErrorCode() == ACCESS_DENIED) {
            return new DbRescueException(ErrorCode.PRIVILEGE, accountOf(server) + " may not read where the binlog"
                    + " stands (SHOW MASTER STATUS, SHOW BINARY LOGS): " + grant(server), e);
        }
        return new DbRescueException(ErrorCode.CONNECTION, "cannot read the binlog status of " + server.target() + ": "
                + Secrets.scrub(e.getMessage(), server.target().password()), e);
    }

    /** What reading the binlog over replication needs, for the account dbrescue connected as. */
    static String grant(ServerConnection server) {
        ServerInfo info = server.server();
        // MariaDB 10.5.2 split BINLOG MONITOR (SHOW MASTER STATUS, SHOW BINARY LOGS) out of REPLICATION CLIENT.
        String monitor = info.engine() == Engine.MARIADB && info.atLeast(10, 5) ? "BINLOG MONITOR"
                : "REPLICATION CLIENT";
        return "GRANT REPLICATION SLAVE, " + monitor + " ON *.* TO " + grantee(server);
    }

    /** The account as the server knows it ({@code 'app'@'%'}), for a GRANT; the user name when it cannot say. */
    static String grantee(ServerConnection server) {
        String account = null;
        try (Statement statement = server.connection().createStatement();
             ResultSet rs = statement.executeQuery("SELECT CURRENT_USER()")) {
            if (rs.next()) {
                account = rs.getString(1);
            }
        } catch (SQLException e) {
            // The GRANT still names the user; only the host part is lost.
        }
        if (account == null || account.lastIndexOf('@') < 0) {
            return quote(server.target().user() == null ? "USER" : server.target().user()) + "@'%'";
        }
        int at = account.lastIndexOf('@');
        return quote(account.substring(0, at)) + "@" + quote(account.substring(at + 1));
    }

    static String accountOf(ServerConnection server) {
        return server.target().user() == null ? "This account" : "User " + server.target().user();
    }

    private static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
