package dev.dbrescue.core.model;

import java.util.List;

/**
 * One thing the analysis found, with what to do about it.
 *
 * @param sessionIds  the sessions concerned, the most responsible first
 * @param summary     one line, plain words
 * @param explanation why, in a few lines: the lock modes and why they conflict, the queue order
 * @param action      the first-aid step as exact SQL or a short instruction; printed, never executed by analysis
 */
public record Finding(FindingKind kind, Severity severity, List<Long> sessionIds, String summary, List<String> explanation, String action) {

    public Finding {
        sessionIds = List.copyOf(sessionIds);
        explanation = List.copyOf(explanation);
    }
}
