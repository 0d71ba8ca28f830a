package dev.dbrescue.app.binlog;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The SQL that {@code dbrescue flashback} writes, read by its contract: UTF-8; lines split on '\n' only; comment
 * lines start with {@code -- }; every statement is on one line and ends with ';'; no raw control character anywhere.
 * Applied statement by statement, it notes what helps find a decoding error: the first statement the server
 * refused (an assertion error, with its line), UPDATEs and DELETEs that matched no row or more than one, and warnings.
 */
final class FlashbackScript {

    record Line(int number, String sql) {
    }

    final String text;
    final List<Line> statements = new ArrayList<>();
    /** Breaches of the contract: not UTF-8, a statement line without ';', a raw control character. */
    final List<String> contractBreaches = new ArrayList<>();

    private FlashbackScript(String text) {
        this.text = text;
    }

    static FlashbackScript read(byte[] bytes) {
        String text;
        List<String> breaches = new ArrayList<>();
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            text = new String(bytes, StandardCharsets.UTF_8);
            breaches.add("the output is not valid UTF-8: " + e.getMessage());
        }
        FlashbackScript script = new FlashbackScript(text);
        script.contractBreaches.addAll(breaches);
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int number = i + 1;
            for (int at = 0; at < line.length(); at++) {
                char c = line.charAt(at);
                if (Character.isISOControl(c) && c != '\t' || c == '\t' && !line.startsWith("-- ")) {
                    script.contractBreaches.add(String.format("line %d, char %d: raw control character U+%04X in: %s",
                            number, at + 1, (int) c, TableStates.quote(TableStates.abbreviate(line, 200))));
                    break;
                }
            }
            if (line.isBlank() || line.startsWith("-- ") || line.equals("--")) {
                continue;
            }
            if (!line.endsWith(";")) {
                script.contractBreaches.add("line " + number + " is neither a comment nor a statement ending with ';': "
                        + TableStates.quote(TableStates.abbreviate(line, 200)));
                continue;
            }
            script.statements.add(new Line(number, line.substring(0, line.length() - 1)));
        }
        return script;
    }

    /** The statements in order; the first one the server refuses fails the test with its line and error. */
    Applied apply(Statement statement) {
        return apply(statement, statements);
    }

    static Applied apply(Statement statement, List<Line> lines) {
        Applied applied = new Applied();
        for (Line line : lines) {
            try {
                statement.execute(line.sql());
                String verb = line.sql().stripLeading().split("\\s", 2)[0].toUpperCase(Locale.ROOT);
                int count = statement.getUpdateCount();
                if ((verb.equals("UPDATE") || verb.equals("DELETE")) && count != 1) {
                    (count == 0 ? applied.matchedNothing : applied.matchedMany).add(describe(line)
                            + " (" + count + " rows)");
                }
                for (SQLWarning w = statement.getWarnings(); w != null; w = w.getNextWarning()) {
                    applied.warnings.add(describe(line) + ": " + w.getMessage());
                }
                statement.clearWarnings();
                applied.executed++;
            } catch (SQLException e) {
                throw new AssertionError("line " + line.number() + " failed: " + e.getMessage() + "\n  "
                        + TableStates.abbreviate(line.sql(), 600) + "\n" + applied.notes(), e);
            }
        }
        return applied;
    }

    private static String describe(Line line) {
        return "line " + line.number() + ": " + TableStates.abbreviate(line.sql(), 300);
    }

    /** What applying the statements showed besides errors: to read next to a checksum difference. */
    static final class Applied {
        int executed;
        final List<String> matchedNothing = new ArrayList<>();
        final List<String> matchedMany = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();

        String notes() {
            StringBuilder b = new StringBuilder();
            b.append(executed).append(" statements applied\n");
            section(b, "UPDATE/DELETE that matched no row", matchedNothing);
            section(b, "UPDATE/DELETE that matched more than one row", matchedMany);
            section(b, "warnings", warnings);
            return b.toString();
        }

        private static void section(StringBuilder b, String title, List<String> items) {
            if (items.isEmpty()) {
                return;
            }
            b.append(title).append(": ").append(items.size()).append('\n');
            items.stream().limit(5).forEach(i -> b.append("  ").append(i).append('\n'));
        }
    }
}
