package dev.dbrescue.core.deadlock;

/** Input a parser could not use, with where it was: never an exception that loses the rest of the file. */
public record ParseWarning(String source, long line, String text) {
}
