package dev.dbrescue.core.spi;

import dev.dbrescue.core.action.KillMode;
import dev.dbrescue.core.model.Session;
import dev.dbrescue.core.model.Snapshot;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Ends sessions of one engine family, for {@code dbrescue kill}. Every method runs on dbrescue's own safe session;
 * each is one or two short statements. The decisions (what to end, whether it is still the one selected) are the
 * core's ({@code dev.dbrescue.core.action}); the engine only reads and acts.
 */
public interface SessionKiller {

    /** What the account dbrescue runs as may end, read once per run. */
    KillRights rights(Connection connection) throws SQLException;

    /**
     * User names whose sessions count as privileged besides those the snapshot already marks
     * ({@link Session#superuser()}). MySQL/MariaDB: root and accounts with SUPER or CONNECTION ADMIN, as far as
     * dbrescue may see; a limitation says when it may not see them all. PostgreSQL marks superusers in the snapshot
     * and answers an empty set.
     */
    Reading<Set<String>> privilegedUsers(Connection connection) throws SQLException;

    /**
     * The session as it is right now, compared with how the snapshot showed it: empty when it has ended. Called right
     * before acting, so that a session that ended, or changed, since it was selected is not killed by mistake.
     *
     * @param transactionMatters the policy selected the session for its transaction or its locks: tell whether the
     *                           transaction is still the same ({@link LiveSession#sameTransaction()}), even if that
     *                           costs more; otherwise the engine may leave it false
     */
    Optional<LiveSession> look(Connection connection, Snapshot snapshot, Session selected, boolean transactionMatters)
            throws SQLException;

    /**
     * Ends the session or cancels its statement. Returns {@link KillOutcome#GONE} when the server says there is no
     * such session any more, {@link KillOutcome#REFUSED} when this account may not; other failures are thrown.
     */
    KillOutcome kill(Connection connection, long sessionId, KillMode mode) throws SQLException;

    /** Which of these sessions still exist (a killed one may take a while to roll back). */
    Set<Long> alive(Connection connection, Collection<Long> sessionIds) throws SQLException;

    /** What became of a kill statement. */
    enum KillOutcome {
        /** The server accepted it: the session is ending (or its statement is being cancelled). */
        DONE,
        /** The session was already gone. */
        GONE,
        /** The server refused: this account may not end that session. */
        REFUSED
    }
}
