package dev.dbrescue.core.action;

import java.util.Locale;

/** What became of one selected session when dbrescue acted. The JSON and audit log name is the lower-case name. */
public enum KillResult {
    /** The server accepted the kill: the session is ending (or its statement was cancelled). */
    ENDED,
    /** It had ended by itself before dbrescue acted. */
    GONE,
    /** It changed since it was selected (a new transaction, another statement, no longer matching): left alone. */
    CHANGED,
    /** The server refused: this account may not end it. */
    REFUSED,
    /** The kill statement failed for another reason. */
    FAILED,
    /** Not acted on: the cap on kills per minute was reached. */
    HELD_BACK;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
