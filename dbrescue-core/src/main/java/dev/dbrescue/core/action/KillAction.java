package dev.dbrescue.core.action;

import java.time.Instant;

/**
 * What dbrescue did about one selected session.
 *
 * @param sql    the statement run (or that would have run), e.g. {@code KILL 12}
 * @param detail what happened in words, e.g. "it ended before dbrescue acted"; null when it went as planned
 */
public record KillAction(Candidate candidate, KillResult result, String sql, String detail, Instant at) {

    KillAction withDetail(String more) {
        return new KillAction(candidate, result, sql, detail == null ? more : detail + "; " + more, at);
    }
}
