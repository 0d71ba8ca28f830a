package dev.dbrescue.core.deadlock;

import java.util.List;

/**
 * The statements a deadlocked transaction ran before the one the deadlock report shows, oldest first, as the server
 * still remembered them when dbrescue asked (MySQL/MariaDB: performance_schema's statement history). Deadlock reports
 * print only the statement each transaction was running; the locks it holds were mostly taken by these.
 *
 * @param statements the statements' text, oldest first; may be empty (the report's statement opened the transaction)
 * @param complete   the history reaches back to where the transaction began; false when older statements had
 *                   already left the history (it keeps the last few per thread), so the list may lack the first ones
 */
public record EarlierStatements(List<String> statements, boolean complete) {

    public EarlierStatements {
        statements = List.copyOf(statements);
    }
}
