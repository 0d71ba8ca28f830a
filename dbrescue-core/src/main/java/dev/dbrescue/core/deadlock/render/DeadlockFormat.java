package dev.dbrescue.core.deadlock.render;

/** Output formats of {@code dbrescue deadlocks}. */
public enum DeadlockFormat {
    TEXT, JSON, MERMAID, DOT
}
