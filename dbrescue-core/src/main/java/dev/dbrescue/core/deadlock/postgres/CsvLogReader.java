package dev.dbrescue.core.deadlock.postgres;

import dev.dbrescue.core.deadlock.ParseWarning;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads csvlog: one CSV record per message, fields quoted with {@code "} (doubled inside) and free to span lines.
 * Columns, stable since 8.3 (later versions only add columns at the end: application_name 9.0, backend_type 13,
 * leader_pid and query_id 14): log_time, user_name, database_name, process_id, connection_from, session_id,
 * session_line_num, command_tag, session_start_time, virtual_transaction_id, transaction_id, error_severity,
 * sql_state_code, message, detail, hint, internal_query, internal_query_pos, context, query, query_pos, location, ...
 * See https://www.postgresql.org/docs/15/runtime-config-logging.html#RUNTIME-CONFIG-LOGGING-CSVLOG.
 */
final class CsvLogReader {

    private static final int MAX_FIELDS = 64;
    private static final int TIME = 0;
    private static final int USER = 1;
    private static final int PID = 3;
    private static final int CONNECTION_FROM = 4;
    private static final int XID = 10;
    private static final int SEVERITY = 11;
    private static final int MESSAGE = 13;
    private static final int DETAIL = 14;
    private static final int HINT = 15;
    private static final int CONTEXT = 18;
    private static final int QUERY = 19;

    private final String source;
    private final LogEntrySink sink;
    private final StringBuilder field = new StringBuilder();
    private boolean truncated;
    private boolean unterminated;

    CsvLogReader(String source, LogEntrySink sink) {
        this.source = source;
        this.sink = sink;
    }

    void read(LogInput input) throws IOException {
        while (true) {
            long line = input.lineNumber() + 1;
            List<String> record = record(input);
            if (record == null) {
                return;
            }
            if (truncated) {
                sink.warning(new ParseWarning(source, line, "csvlog field longer than "
                        + StderrLogReader.MAX_FIELD + " characters; the rest was skipped"));
            }
            if (unterminated) {
                sink.warning(new ParseWarning(source, line, "csvlog record ends inside a quoted field"
                        + " (truncated file?)"));
            }
            accept(record, line);
        }
    }

    private void accept(List<String> record, long line) {
        if (record.size() == 1 && record.get(0).isEmpty()) {
            return; // a blank line
        }
        if (record.size() <= MESSAGE) {
            sink.warning(new ParseWarning(source, line, "not a csvlog record: " + record.size()
                    + " fields, at least " + (MESSAGE + 1) + " expected"));
            return;
        }
        String message = record.get(MESSAGE);
        if (!sink.wants(message)) {
            return;
        }
        String pid = record.get(PID);
        Long processId = null;
        if (!pid.isEmpty()) {
            try {
                processId = Long.valueOf(pid);
            } catch (NumberFormatException e) {
                sink.warning(new ParseWarning(source, line, "csvlog process_id is not a number: " + pid));
            }
        }
        sink.entry(new LogEntry(line, LogTime.find(record.get(TIME)), processId, blankToNull(record.get(USER)),
                host(record.get(CONNECTION_FROM)), blankToNull(record.get(XID)), record.get(SEVERITY), message,
                column(record, DETAIL), column(record, HINT), column(record, CONTEXT), column(record, QUERY)));
    }

    /** connection_from is {@code host:port} or {@code [local]}. */
    private static String host(String connectionFrom) {
        int colon = connectionFrom.lastIndexOf(':');
        if (colon > 0 && colon < connectionFrom.length() - 1
                && connectionFrom.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            return connectionFrom.substring(0, colon);
        }
        return blankToNull(connectionFrom);
    }

    private static String column(List<String> record, int index) {
        return index < record.size() ? blankToNull(record.get(index)) : null;
    }

    private static String blankToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    /** The next record's fields, or null at the end of the input. */
    private List<String> record(LogInput input) throws IOException {
        truncated = false;
        unterminated = false;
        int c = input.read();
        if (c < 0) {
            return null;
        }
        List<String> fields = new ArrayList<>(26);
        field.setLength(0);
        boolean quoted = false;
        boolean atFieldStart = true;
        while (true) {
            if (quoted) {
                if (c < 0) {
                    unterminated = true;
                    addField(fields);
                    return fields;
                }
                if (c == '"') {
                    c = input.read();
                    if (c == '"') {
                        append('"');
                        c = input.read();
                    } else {
                        quoted = false;
                    }
                    continue;
                }
                append((char) c);
            } else if (c < 0 || c == '\n') {
                addField(fields);
                return fields;
            } else if (c == ',') {
                addField(fields);
                atFieldStart = true;
                c = input.read();
                continue;
            } else if (c == '"' && atFieldStart) {
                quoted = true;
            } else if (c != '\r') {
                append((char) c); // also a stray quote inside an unquoted field: kept as text
            }
            atFieldStart = false;
            c = input.read();
        }
    }

    private void append(char c) {
        if (field.length() < StderrLogReader.MAX_FIELD) {
            field.append(c);
        } else {
            truncated = true;
        }
    }

    private void addField(List<String> fields) {
        if (fields.size() < MAX_FIELDS) {
            fields.add(field.toString());
        }
        field.setLength(0);
    }
}
