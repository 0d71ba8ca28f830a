package dev.dbrescue.testkit.server;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a failed server start's output into the one line a user needs. */
final class LogClues {

    private static final Pattern MISSING_LIBRARY =
            Pattern.compile("error while loading shared libraries: ([^:\\s]+)");

    /** Debian/Ubuntu packages for the libraries prebuilt server binaries commonly miss on slim systems. */
    private static final Map<String, String> DEBIAN_PACKAGES = Map.of(
            "libaio.so.1", "libaio1",
            "libncurses.so.5", "libncurses5",
            "libtinfo.so.5", "libtinfo5",
            "libcrypt.so.1", "libcrypt1",
            "libsystemd.so.0", "libsystemd0",
            "libstdc++.so.6", "libstdc++6",
            "libnuma.so.1", "libnuma1",
            "libxml2.so.2", "libxml2",
            "libssl.so.3", "libssl3");

    /** Lines that name the cause, where a later, vaguer line follows (PostgreSQL: "... contains errors"). */
    private static final List<String> PRECISE = List.of("unrecognized configuration parameter",
            "invalid value for parameter", "unknown option", "unknown variable", "Address already in use");

    /** Lines that say something went wrong. */
    private static final List<String> ERRORS = List.of("[ERROR]", "FATAL", "PANIC", "could not", "Can't", "as root");

    /** "2026-11-21 12:02:46.757 GMT [18025] " (PostgreSQL) or "2026-11-21 12:02:44 0 " (MariaDB). */
    private static final Pattern TIMESTAMP =
            Pattern.compile("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d+)?( [A-Z]{2,5})?( \\[\\d+])?( \\d+)? ");

    private LogClues() {
    }

    /** The best one-line explanation in {@code output}: a missing library, the cause, an error, or its last lines. */
    static String explain(String output) {
        Matcher library = MISSING_LIBRARY.matcher(output);
        if (library.find()) {
            String name = library.group(1);
            String debian = DEBIAN_PACKAGES.get(name);
            return "the system library " + name + " is missing; install it (Debian/Ubuntu: apt-get install "
                    + (debian != null ? debian : "the package that `apt-file search " + name + "` names") + ")";
        }
        List<String> lines = Arrays.stream(output.split("\\R"))
                .map(line -> TIMESTAMP.matcher(line.strip()).replaceFirst(""))
                .filter(line -> !line.isEmpty() && !line.equals("[ERROR] Aborting"))
                .toList();
        for (List<String> clues : List.of(PRECISE, ERRORS)) {
            for (int i = lines.size() - 1; i >= 0; i--) {
                String line = lines.get(i);
                if (clues.stream().anyMatch(line::contains)) {
                    return line;
                }
            }
        }
        // Nothing recognisable: the last few lines, on one line.
        return lines.isEmpty() ? "no output"
                : String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }

    static boolean portTaken(String output) {
        return output.contains("Address already in use");
    }
}
