package dev.dbrescue.core.spi;

/**
 * What the account dbrescue runs as may end. Its own sessions (same user) it may always end.
 *
 * @param account        the account, for messages, e.g. {@code 'monitor'@'%'} or {@code monitor}
 * @param user           the user name a session shows when it is this account's own
 * @param others         may end other users' sessions; null when the server does not say (roles): then the kill
 *                       itself tells
 * @param superusers     may end privileged accounts' sessions; null when unknown
 * @param needForOthers  the privilege that lets an account end other users' sessions, in the server's words, and the
 *                       GRANT that gives it, e.g. "CONNECTION ADMIN or SUPER (PROCESS is not enough): GRANT ..."
 * @param needForSuperusers the same for privileged accounts' sessions
 */
public record KillRights(String account, String user, Boolean others, Boolean superusers, String needForOthers,
                         String needForSuperusers) {
}
