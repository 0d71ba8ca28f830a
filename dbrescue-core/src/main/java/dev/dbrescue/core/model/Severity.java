package dev.dbrescue.core.model;

import java.util.Locale;

/** How urgent a finding is. Ordered from most to least urgent. */
public enum Severity {
    CRITICAL, WARNING, INFO;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
