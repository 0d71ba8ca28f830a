package dev.dbrescue.core.spi;

import dev.dbrescue.core.model.Session;

/**
 * A selected session as it is right before acting, with the engine's verdict on what changed since the snapshot.
 *
 * @param now             the session now, in the same terms as the snapshot's
 * @param sameSession     the same connection as in the snapshot, not a new one that got its id (PostgreSQL reuses
 *                        pids: compared by backend_start), of the same user
 * @param sameTransaction the transaction open now is the one that was open in the snapshot (false when either had none)
 * @param unchanged       nothing has run on the session since the snapshot: the same idle spell, or the same statement
 */
public record LiveSession(Session now, boolean sameSession, boolean sameTransaction, boolean unchanged) {
}
