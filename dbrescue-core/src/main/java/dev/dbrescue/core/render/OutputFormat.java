package dev.dbrescue.core.render;

/** Output formats, chosen last: every renderer consumes the same report. */
public enum OutputFormat {
    TEXT, JSON
}
