package dev.dbrescue.core.deadlock.postgres;

import java.util.regex.Pattern;

/**
 * The three layouts of a PostgreSQL server log (log_destination): {@code stderr} (also what syslog and hosted
 * services such as Heroku write), {@code csvlog} and {@code jsonlog} (15 and later).
 */
public enum PostgresLogFormat {
    STDERR, CSVLOG, JSONLOG;

    private static final int LINES_LOOKED_AT = 50;
    static final Pattern CSV_RECORD = Pattern.compile("^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?"
            + "(?: [^,\"]*)?,(?:\"(?:[^\"]|\"\")*\"|[^,\"]*),(?:\"(?:[^\"]|\"\")*\"|[^,\"]*),\\d+,");
    static final Pattern JSON_RECORD = Pattern.compile("^\\{.*\"error_severity\":");
    static final Pattern STDERR_LABEL = Pattern.compile(
            "(?:^|[\\s\\]:>)])(?:LOG|ERROR|FATAL|PANIC|WARNING|NOTICE|DETAIL|HINT|STATEMENT|CONTEXT):  \\S");

    /** The format of a log from its first lines; {@link #STDERR} when nothing says otherwise. */
    public static PostgresLogFormat detect(String head) {
        int csv = 0;
        int json = 0;
        int stderr = 0;
        int looked = 0;
        for (String line : head.split("\n", LINES_LOOKED_AT * 4)) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("{")) {
                json++;
            } else if (CSV_RECORD.matcher(line).lookingAt()) {
                csv++;
            } else if (STDERR_LABEL.matcher(line).find()) {
                stderr++;
            }
            if (++looked == LINES_LOOKED_AT) {
                break;
            }
        }
        if (json > csv && json > stderr) {
            return JSONLOG;
        }
        return csv > stderr ? CSVLOG : STDERR;
    }
}
