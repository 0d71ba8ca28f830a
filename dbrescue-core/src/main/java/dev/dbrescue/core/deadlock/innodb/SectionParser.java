package dev.dbrescue.core.deadlock.innodb;

/**
 * Reads the lines of one section of a deadlock report (its heading, a transaction, a lock list) into the draft.
 * The assembler picks the parser from the section's title ({@link Marker}) and hands it every line up to the next
 * title; what a parser cannot use becomes a warning, never an exception.
 */
interface SectionParser {

    /** @return false when the line means nothing here (the caller warns) */
    boolean accept(String line);

    /** The section ends: hand on what is still pending. */
    default void close() {
    }
}
