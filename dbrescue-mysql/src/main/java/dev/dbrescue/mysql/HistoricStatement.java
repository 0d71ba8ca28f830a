package dev.dbrescue.mysql;

/**
 * One statement event of one thread from performance_schema (events_statements_current, _history, _history_long).
 * Event ids grow within a thread; timers are picoseconds on one server-wide clock, so they compare across threads.
 *
 * @param endEventId       null while the statement runs
 * @param errno            MYSQL_ERRNO: 0 on success, 1213 for the deadlock victim's statement
 * @param nestingEventId   the enclosing event: with transaction instrumentation on, the transaction event a
 *                         statement ran in ({@code nestingEventType} TRANSACTION)
 * @param timerStart       null when the statement was not timed
 */
record HistoricStatement(long eventId, Long endEventId, String sql, int errno, Long nestingEventId,
                         String nestingEventType, Long timerStart, Long timerEnd) {

    boolean inTransaction() {
        return "TRANSACTION".equals(nestingEventType) && nestingEventId != null;
    }

    /** This statement was running when event {@code eventId} began (that event nests in it). */
    boolean encloses(long eventId) {
        return this.eventId < eventId && (endEventId == null || endEventId >= eventId);
    }
}
