package dev.dbrescue.app.deadlocks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrescue.core.deadlock.analysis.AnalyzedDeadlock;
import dev.dbrescue.core.deadlock.render.JsonDeadlockWriter;
import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * {@code deadlocks watch}'s output: one JSON object per line, flushed at once, so that {@code tail -f}, {@code jq}
 * and log shippers read each record as soon as it is written. {@code "type"} says what a line is:
 * {@code deadlock} (the fields of {@code deadlocks parse --format json}'s {@code deadlocks[]} items) or
 * {@code missed} (deadlocks the server counted but watch could not see).
 */
final class JsonLines {

    /** How much of an existing output file is read back for the fingerprints already recorded. */
    static final long RECALL_BYTES = 32L << 20;

    private static final JsonFactory JSON = new JsonFactory();

    private final Writer out;
    private final String name;

    /** @param name where the lines go, for the message when writing fails, e.g. the file name */
    JsonLines(Writer out, String name) {
        this.out = out;
        this.name = name;
    }

    void deadlock(AnalyzedDeadlock deadlock, Instant seenAt) throws IOException {
        write(json -> {
            json.writeStringField("type", "deadlock");
            JsonDeadlockWriter.writeFields(json, deadlock);
            json.writeStringField("seenAt", seenAt.toString());
        });
    }

    /**
     * @param count   deadlocks the server counted between {@code since} and {@code until} that watch did not see
     * @param counter the server's counter at {@code until}
     * @param hint    how to see every deadlock next time
     */
    void missed(long count, Instant since, Instant until, long counter, String hint) throws IOException {
        write(json -> {
            json.writeStringField("type", "missed");
            json.writeNumberField("count", count);
            json.writeStringField("since", since.toString());
            json.writeStringField("until", until.toString());
            json.writeNumberField("counter", counter);
            json.writeStringField("hint", hint);
        });
    }

    private interface Fields {
        void write(JsonGenerator json) throws IOException;
    }

    private void write(Fields fields) throws IOException {
        StringWriter line = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(line)) {
            json.writeStartObject();
            fields.write(json);
            json.writeEndObject();
        }
        try {
            // One write per record, newline included, so that a reader never sees half a line from us.
            out.write(line.append('\n').toString());
            out.flush();
            if (out instanceof PrintWriter printer && printer.checkError()) {
                // A PrintWriter swallows errors: a closed pipe (watch ... | head -1) must end the watch.
                throw new IOException("the stream was closed");
            }
        } catch (IOException e) {
            throw new DbRescueException(ErrorCode.ACTION_FAILED, "Cannot write to " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Remembers the deadlocks an earlier run already wrote to {@code file} (its last {@link #RECALL_BYTES}), so that
     * a restarted or cron-run watch does not record them again. Lines that are not ours are skipped.
     */
    static void recall(Path file, RecentFingerprints seen) throws IOException {
        if (!Files.isRegularFile(file)) {
            return;
        }
        ObjectMapper mapper = new ObjectMapper();
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, in.length() - RECALL_BYTES);
            in.seek(start);
            byte[] bytes = new byte[(int) (in.length() - start)];
            in.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            int from = start == 0 ? 0 : text.indexOf('\n') + 1; // skip the partial first line
            for (String line : text.substring(from).split("\n")) {
                if (!line.contains("\"fingerprint\"")) {
                    continue;
                }
                try {
                    JsonNode node = mapper.readTree(line);
                    JsonNode fingerprint = node.get("fingerprint");
                    if (fingerprint != null && fingerprint.isTextual() && "deadlock".equals(node.path("type").asText("deadlock"))) {
                        seen.add(fingerprint.asText());
                    }
                } catch (IOException notJson) {
                    // a line someone else wrote, or the last one cut short by a crash
                }
            }
        }
    }
}
