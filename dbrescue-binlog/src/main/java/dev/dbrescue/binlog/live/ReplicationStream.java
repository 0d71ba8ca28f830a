package dev.dbrescue.binlog.live;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.network.AuthenticationException;
import com.github.shyiko.mysql.binlog.network.SSLMode;
import com.github.shyiko.mysql.binlog.network.ServerException;
import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;
import dev.dbrescue.core.target.Secrets;
import dev.dbrescue.core.target.Target;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads a server's binlog over the replication protocol (COM_BINLOG_DUMP from a file's position 4, as a replica
 * would) with mysql-binlog-connector-java's {@link BinaryLogClient}, and hands every event's raw bytes to
 * {@link SpillFiles} until the end position. The client runs on the calling thread and returns when the stream ends.
 */
final class ReplicationStream {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Longest silence inside the stream: everything up to the end position already exists on the server. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    /** The library logs every connection at INFO to stderr through java.util.logging; held so it stays quiet. */
    private static final Logger LIBRARY_LOG = Logger.getLogger("com.github.shyiko.mysql.binlog");

    static {
        LIBRARY_LOG.setLevel(Level.OFF);
    }

    /** ER_MASTER_FATAL_ERROR_READING_BINLOG: the file is gone (purged) or unreadable on the server. */
    private static final int FATAL_READING_BINLOG = 1236;
    private static final int ACCESS_DENIED_FOR_USER = 1045;

    private final ServerConnection server;
    private final ServerBinlogs.Range range;
    private final SpillFiles spill;
    private volatile Exception failure;
    /** Set once the handshake is done and the dump requested. */
    private volatile boolean streaming;
    private long connectionId;

    private ReplicationStream(ServerConnection server, ServerBinlogs.Range range, SpillFiles spill) {
        this.server = server;
        this.range = range;
        this.spill = spill;
    }

    /**
     * Copies the range into {@code spill}.
     *
     * @return the server's id for the replication connection, so that the caller can end its dump thread
     */
    static long copy(ServerConnection server, ServerBinlogs.Range range, SpillFiles spill) {
        ReplicationStream stream = new ReplicationStream(server, range, spill);
        stream.run();
        return stream.connectionId;
    }

    private void run() {
        Target target = server.target();
        if (target.host() == null) {
            throw new DbRescueException(ErrorCode.USAGE, "--target " + target + ": reading the binlog needs the"
                    + " server's host and port; write the target as mysql://user@host:port");
        }
        String host = target.host().startsWith("[") ? target.host().substring(1, target.host().length() - 1)
                : target.host();
        int port = target.port() == null ? 3306 : target.port();
        BinaryLogClient client = new BinaryLogClient(host, port, target.user(),
                target.password() == null ? "" : target.password());
        // A server id of our own: a replica with the same id would have its dump thread ended by the server.
        client.setServerId(ThreadLocalRandom.current().nextLong(1_000_000_000L, 2_000_000_000L));
        client.setBinlogFilename(range.startFile());
        client.setBinlogPosition(4);
        client.setKeepAlive(false); // it would reconnect on its own after a failure
        client.setConnectTimeout(CONNECT_TIMEOUT.toMillis());
        client.setUseSendAnnotateRowsEvent(true); // MariaDB sends ANNOTATE_ROWS (the statements) only when asked
        client.setSSLMode(sslMode(target.options()));
        client.setSocketFactory(() -> {
            Socket socket = new Socket();
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            return socket;
        });
        client.setEventDeserializer(new CapturingDeserializer(spill));
        client.registerLifecycleListener(new BinaryLogClient.AbstractLifecycleListener() {
            @Override
            public void onConnect(BinaryLogClient c) {
                streaming = true;
            }

            @Override
            public void onCommunicationFailure(BinaryLogClient c, Exception ex) {
                failure = ex;
            }

            @Override
            public void onEventDeserializationFailure(BinaryLogClient c, Exception ex) {
                failure = ex; // not expected: our deserializer ends the stream on any failure
            }
        });
        long began = System.nanoTime();
        try {
            client.connect();
        } catch (IOException | RuntimeException e) {
            failure = e;
        } finally {
            connectionId = client.getConnectionId();
            try {
                client.disconnect();
            } catch (IOException ignored) {
                // The stream is over either way.
            }
        }
        Exception cause = failure instanceof CapturingDeserializer.Stop stop ? stop.failure : failure;
        if (spill.done()) {
            return;
        }
        if (cause instanceof DbRescueException known) {
            throw known;
        }
        throw translate(cause, Duration.ofNanos(System.nanoTime() - began));
    }

    private DbRescueException translate(Exception cause, Duration took) {
        String what = "reading the binlog of " + server.target() + " through the replication protocol";
        String password = server.target().password();
        if (cause == null) {
            return new DbRescueException(ErrorCode.CONNECTION, what + ": the server ended the stream at "
                    + spill.where() + ", before " + spill.end() + " (where SHOW MASTER STATUS stood at the start);"
                    + " were binlogs purged or reset meanwhile? Try again");
        }
        String message = Secrets.scrub(String.valueOf(cause.getMessage()), password);
        if (cause instanceof AuthenticationException) {
            // MySQL 8's caching_sha2_password sends the password in full only over TLS.
            boolean plain = sslMode(server.target().options()) == SSLMode.DISABLED;
            return new DbRescueException(ErrorCode.AUTHENTICATION, what + ": the server refused the login: " + message
                    + (plain ? " (if the account uses caching_sha2_password, add ?sslMode=trust to the URL)" : ""),
                    cause);
        }
        if (cause instanceof ServerException refused) {
            if (refused.getErrorCode() == ServerBinlogs.ACCESS_DENIED
                    || refused.getErrorCode() == ACCESS_DENIED_FOR_USER) {
                return new DbRescueException(ErrorCode.PRIVILEGE, ServerBinlogs.accountOf(server) + " may not read"
                        + " the binlog as a replica (" + message + "): " + ServerBinlogs.grant(server), cause);
            }
            if (refused.getErrorCode() == FATAL_READING_BINLOG) {
                return new DbRescueException(ErrorCode.CONNECTION, what + ", at " + spill.where() + ": the server"
                        + " cannot send it: " + message, cause);
            }
            return new DbRescueException(ErrorCode.CONNECTION, what + ", at " + spill.where() + ": error "
                    + refused.getErrorCode() + ": " + message, cause);
        }
        if (!streaming && !(cause instanceof ServerException) && took.compareTo(CONNECT_TIMEOUT) >= 0) {
            return new DbRescueException(ErrorCode.CONNECTION, what + ": the server did not complete the"
                    + " replication handshake within " + CONNECT_TIMEOUT.toSeconds() + " s; is it overloaded or"
                    + " stuck?", cause);
        }
        if (cause instanceof SocketTimeoutException) {
            return new DbRescueException(ErrorCode.CONNECTION, what + ": the server sent nothing for "
                    + READ_TIMEOUT.toSeconds() + " s, at " + spill.where() + "; is it overloaded or stuck?", cause);
        }
        return new DbRescueException(ErrorCode.CONNECTION, what + ", at " + spill.where() + ": " + message
                + (cause.getCause() == null || cause.getCause().getMessage() == null ? ""
                : " (" + Secrets.scrub(cause.getCause().getMessage(), password) + ")"), cause);
    }

    /** The target's TLS wishes in MariaDB Connector/J's words (sslMode), as the library spells them. */
    static SSLMode sslMode(Map<String, String> options) {
        String mode = options.getOrDefault("sslMode", options.getOrDefault("sslmode", "disable"));
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "trust", "required" -> SSLMode.REQUIRED;
            case "verify-ca", "verify_ca" -> SSLMode.VERIFY_CA;
            case "verify-full", "verify_identity" -> SSLMode.VERIFY_IDENTITY;
            case "preferred" -> SSLMode.PREFERRED;
            default -> SSLMode.DISABLED;
        };
    }
}
