package dev.dbrescue.core.action;

import java.time.Duration;

/** Durations written back the way people type them on the command line: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}. */
final class OptionDurations {

    private OptionDurations() {
    }

    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s != 0 && s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s != 0 && s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
