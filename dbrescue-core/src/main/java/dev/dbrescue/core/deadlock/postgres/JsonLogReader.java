package dev.dbrescue.core.deadlock.postgres;

import dev.dbrescue.core.render.Texts;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrescue.core.deadlock.ParseWarning;

import java.io.IOException;

/**
 * Reads jsonlog (PostgreSQL 15 and later): one JSON object per line, keys absent when empty. Keys used:
 * timestamp, user, pid, remote_host, txid, error_severity, message, detail, hint, context, statement.
 * See https://www.postgresql.org/docs/15/runtime-config-logging.html#RUNTIME-CONFIG-LOGGING-JSONLOG.
 */
final class JsonLogReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String source;
    private final LogEntrySink sink;

    JsonLogReader(String source, LogEntrySink sink) {
        this.source = source;
        this.sink = sink;
    }

    void read(LogInput input) throws IOException {
        for (String line = input.readLine(); line != null; line = input.readLine()) {
            long number = input.lineNumber();
            String text = line.strip();
            if (text.isEmpty()) {
                continue;
            }
            if (!text.startsWith("{") || !text.endsWith("}") || input.lastLineTruncated()) {
                sink.warning(new ParseWarning(source, number, "not a jsonlog line: " + shorten(text)));
                continue;
            }
            if (mayMatter(text)) {
                accept(text, number);
            }
        }
    }

    /**
     * A cheap test before parsing: every message the parser uses contains one of these words (JSON escapes
     * none of their characters). Parsing every line would cost more than reading it.
     */
    private static boolean mayMatter(String line) {
        return line.contains("deadlock") || line.contains("\"process ") || line.contains("canceling statement")
                || line.contains("terminating connection");
    }

    private void accept(String line, long number) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            sink.warning(new ParseWarning(source, number, "not a jsonlog line: " + e.getOriginalMessage()));
            return;
        }
        if (!node.isObject()) {
            sink.warning(new ParseWarning(source, number, "not a jsonlog object"));
            return;
        }
        String message = text(node, "message");
        if (message == null || !sink.wants(message)) {
            return;
        }
        JsonNode pid = node.get("pid");
        Long processId = pid != null && pid.canConvertToLong() ? pid.asLong() : null;
        sink.entry(new LogEntry(number, LogTime.find(text(node, "timestamp")), processId, text(node, "user"),
                text(node, "remote_host"), text(node, "txid"), text(node, "error_severity"), message,
                text(node, "detail"), text(node, "hint"), text(node, "context"), text(node, "statement")));
    }

    private static String text(JsonNode node, String key) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String shorten(String text) {
        return Texts.cut(text, 80);
    }
}
