package dev.dbrescue.core.deadlock.postgres;

/**
 * One server message with its fields, the same whatever the log format: in stderr the message line and its
 * DETAIL/HINT/CONTEXT/STATEMENT lines put together; in csvlog one record; in jsonlog one object.
 * Absent fields are null.
 *
 * @param line      the line where the message starts
 * @param pid       the process that logged it, null when the format does not show it
 * @param xid       the logging process's transaction id (csvlog/jsonlog), null or "0" when none
 * @param message   the primary message, without a verbose SQLSTATE or an {@code at character N} suffix
 * @param statement the STATEMENT field (csvlog {@code query}, jsonlog {@code statement})
 */
record LogEntry(long line, LogTime time, Long pid, String user, String host, String xid, String severity,
                String message, String detail, String hint, String context, String statement) {
}
