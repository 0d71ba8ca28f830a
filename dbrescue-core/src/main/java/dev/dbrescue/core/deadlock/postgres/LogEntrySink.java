package dev.dbrescue.core.deadlock.postgres;

import dev.dbrescue.core.deadlock.ParseWarning;

/** Where the format readers send complete messages and what they could not read. */
interface LogEntrySink {

    /**
     * Whether a message with this primary text is worth assembling; the others are skipped without keeping their
     * fields, which keeps a large log cheap.
     */
    boolean wants(String message);

    void entry(LogEntry entry);

    void warning(ParseWarning warning);
}
