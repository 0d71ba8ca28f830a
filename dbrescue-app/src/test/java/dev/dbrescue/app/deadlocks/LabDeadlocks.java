package dev.dbrescue.app.deadlocks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrescue.core.connect.Connector;
import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.target.ClientEnvironment;
import dev.dbrescue.core.target.Target;
import dev.dbrescue.testkit.lab.Incident;
import dev.dbrescue.testkit.lab.Lab;
import dev.dbrescue.testkit.lab.LabContext;
import dev.dbrescue.testkit.lab.Role;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** Real deadlocks for the watch ITs, made by the lab, and reading back what watch wrote. */
final class LabDeadlocks {

    private LabDeadlocks() {
    }

    /**
     * Runs the lab's lock-order-deadlock to its end, where the server detects a real deadlock and rolls back a
     * victim. Returns the session ids (MySQL thread ids, PostgreSQL pids) of the two transactions, A then B.
     */
    static List<Long> lockOrderDeadlock(String uri) throws Exception {
        LabContext context = new LabContext(Target.parse(uri), new Connector(ClientEnvironment.current()), Duration.ofSeconds(5),
                new PrintWriter(System.out, true));
        try (Incident incident = Lab.scenario("lock-order-deadlock").start(context)) {
            List<String> outcome = incident.finish();
            assertThat(outcome).as("the server detected the lab's deadlock")
                    .anyMatch(line -> line.contains("ERROR 1213") || line.contains("ERROR 40P01"));
            return incident.roles().stream().filter(r -> r.name().equals("A") || r.name().equals("B")).map(Role::sessionId).toList();
        }
    }

    /**
     * Places to cut the last report of a log (it begins on the line that holds {@code marker}): a few bytes into its
     * first line, and eight places spread over the {@code reportLength} bytes from the marker on.
     */
    /** The whole SHOW ENGINE INNODB STATUS text of the server at {@code uri}, read through a dbrescue session. */
    static String innodbStatus(String uri) throws Exception {
        try (ServerConnection c = new Connector(ClientEnvironment.current()).open(Target.parse(uri));
             Statement s = c.connection().createStatement();
             ResultSet rs = s.executeQuery("SHOW ENGINE INNODB STATUS")) {
            rs.next();
            return rs.getString("Status");
        }
    }

    static List<Integer> cutsInsideLastReport(byte[] log, String marker, int reportLength) {
        String text = new String(log, java.nio.charset.StandardCharsets.ISO_8859_1); // one char per byte
        int at = text.lastIndexOf(marker);
        assertThat(at).as("the log has a report with '" + marker + "'").isPositive();
        int lineStart = text.lastIndexOf('\n', at) + 1;
        int end = Math.min(log.length, at + reportLength);
        List<Integer> cuts = new java.util.ArrayList<>(List.of(lineStart + 3));
        for (int i = 0; i < 8; i++) {
            cuts.add(at + (end - at) * i / 8);
        }
        return cuts;
    }

    /**
     * Writes {@code log} again into {@code copy} as a server would while watch polls it: up to half-way to the cut,
     * then to the cut (inside a report, as if the server was writing it when watch read), then the rest; watch polls
     * after each piece and once more. Returns what watch wrote.
     */
    static void replay(byte[] log, int cut, Path copy, java.sql.Connection connection, DeadlockWatch watch) throws Exception {
        Files.write(copy, new byte[0]);
        watch.poll(connection);
        int from = 0;
        for (int to : List.of(cut / 2, cut, log.length)) {
            Files.write(copy, java.util.Arrays.copyOfRange(log, from, to), StandardOpenOption.APPEND);
            from = to;
            watch.poll(connection);
        }
        watch.poll(connection);
        watch.finish();
    }

    /** The JSON lines of a watch's output. */
    static List<JsonNode> lines(String output) {
        ObjectMapper mapper = new ObjectMapper();
        return output.lines().filter(l -> !l.isBlank()).map(l -> {
            try {
                return mapper.readTree(l);
            } catch (java.io.IOException e) {
                throw new UncheckedIOException("not a JSON line: " + l, e);
            }
        }).toList();
    }

    static List<JsonNode> ofType(List<JsonNode> lines, String type) {
        return lines.stream().filter(n -> type.equals(n.path("type").asText())).toList();
    }

    /** A deadlock line without what depends on where and when it was read: for comparing two reads of one log. */
    static JsonNode content(JsonNode deadlock) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = deadlock.deepCopy();
        copy.remove(List.of("source", "seenAt"));
        return copy;
    }

    static List<Long> threadIds(JsonNode deadlock) {
        return StreamSupport.stream(deadlock.get("transactions").spliterator(), false).map(t -> t.get("threadId").asLong()).toList();
    }
}
