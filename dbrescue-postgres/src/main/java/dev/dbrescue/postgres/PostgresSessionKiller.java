package dev.dbrescue.postgres;

import dev.dbrescue.core.action.KillMode;
import dev.dbrescue.core.model.Session;
import dev.dbrescue.core.model.Snapshot;
import dev.dbrescue.core.spi.KillRights;
import dev.dbrescue.core.spi.LiveSession;
import dev.dbrescue.core.spi.Reading;
import dev.dbrescue.core.spi.SessionKiller;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code pg_cancel_backend} and {@code pg_terminate_backend} on PostgreSQL 10+.
 * <p>
 * Who may: a superuser any backend; a member of pg_signal_backend any backend but a superuser's; anyone the backends of
 * a role it is a member of (https://www.postgresql.org/docs/current/functions-admin.html#FUNCTIONS-ADMIN-SIGNAL).
 * <p>
 * PostgreSQL reuses pids, so the re-check compares times on the server's clock with the snapshot's, which is the
 * server's {@code now()} too: the backend started before the snapshot (the same process), its transaction started
 * before it (the same transaction), and its state has not changed since (nothing ran).
 */
final class PostgresSessionKiller implements SessionKiller {

    /** insufficient_privilege: "must be a superuser to terminate superuser process", "... member of pg_signal_backend". */
    static final String DENIED = "42501";

    private static final String LOOK_SQL = "SELECT " + PostgresLockSnapshotReader.Columns.SESSION + """
                   , NULL::int[] AS blocked_by,
                   coalesce(a.backend_start <= ?, false) AS same_backend,
                   coalesce(a.xact_start <= ?, false) AS same_transaction,
                   coalesce(a.state_change <= ?, false) AS unchanged
            FROM pg_stat_activity a
            LEFT JOIN pg_roles r ON r.oid = a.usesysid
            WHERE a.pid = ?
            """;

    @Override
    public KillRights rights(Connection connection) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT current_user, quote_ident(current_user), r.rolsuper,"
                + " pg_has_role(current_user, 'pg_signal_backend', 'MEMBER') FROM pg_roles r WHERE r.rolname = current_user");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            String role = rs.getString(2);
            boolean superuser = rs.getBoolean(3);
            return new KillRights(rs.getString(1), rs.getString(1), superuser || rs.getBoolean(4), superuser,
                    "pg_signal_backend (or superuser): GRANT pg_signal_backend TO " + role,
                    "superuser: only a superuser may end a superuser's session");
        }
    }

    /** The snapshot marks superusers' sessions itself (pg_roles.rolsuper). */
    @Override
    public Reading<Set<String>> privilegedUsers(Connection connection) {
        return Reading.of(Set.of());
    }

    @Override
    public Optional<LiveSession> look(Connection connection, Snapshot snapshot, Session selected, boolean transactionMatters)
            throws SQLException {
        OffsetDateTime at = OffsetDateTime.ofInstant(snapshot.capturedAt(), ZoneOffset.UTC);
        try (PreparedStatement s = connection.prepareStatement(LOOK_SQL)) {
            s.setObject(1, at);
            s.setObject(2, at);
            s.setObject(3, at);
            s.setInt(4, Math.toIntExact(selected.id()));
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Session now = PostgresLockSnapshotReader.activity(rs).session();
                boolean same = rs.getBoolean("same_backend") && Objects.equals(now.user(), selected.user());
                return Optional.of(new LiveSession(now, same, rs.getBoolean("same_transaction"), rs.getBoolean("unchanged")));
            }
        }
    }

    @Override
    public KillOutcome kill(Connection connection, long sessionId, KillMode mode) throws SQLException {
        String function = mode == KillMode.QUERY ? "pg_cancel_backend" : "pg_terminate_backend";
        try (PreparedStatement s = connection.prepareStatement("SELECT " + function + "(?)")) {
            s.setInt(1, Math.toIntExact(sessionId));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                // false, with a WARNING "PID ... is not a PostgreSQL backend process": it has gone
                return rs.getBoolean(1) ? KillOutcome.DONE : KillOutcome.GONE;
            }
        } catch (SQLException e) {
            if (DENIED.equals(e.getSQLState())) {
                return KillOutcome.REFUSED;
            }
            throw e;
        }
    }

    @Override
    public Set<Long> alive(Connection connection, Collection<Long> sessionIds) throws SQLException {
        Set<Long> alive = new HashSet<>();
        if (sessionIds.isEmpty()) {
            return alive;
        }
        try (PreparedStatement s = connection.prepareStatement("SELECT pid FROM pg_stat_activity WHERE pid = ANY (?)")) {
            Array pids = connection.createArrayOf("int4", sessionIds.stream().map(Long::intValue).toArray());
            s.setArray(1, pids);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    alive.add(rs.getLong(1));
                }
            }
            pids.free();
        }
        return alive;
    }
}
