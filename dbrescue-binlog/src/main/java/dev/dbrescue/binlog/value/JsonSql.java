package dev.dbrescue.binlog.value;

import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import com.github.shyiko.mysql.binlog.event.deserialization.json.JsonBinary;
import com.github.shyiko.mysql.binlog.event.deserialization.json.JsonFormatter;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A MySQL binary JSON value as SQL that stores it back with the same JSON types. Most documents are written as JSON
 * text, {@code '{"a": 1.5E17}'} (doubles always with a fraction or exponent, so they stay doubles). Text cannot say
 * "datetime" or "decimal", which MySQL JSON also holds (from {@code JSON_OBJECT('t', NOW())}): a document with such
 * a value is written as the expression that builds it, {@code JSON_OBJECT('t', CAST('2026-11-21 03:00:00.000000' AS
 * DATETIME(6)))}. The library parses the binary format; this is its formatter (its own prints timestamps as
 * numbers and doubles as integers).
 */
public final class JsonSql {

    private JsonSql() {
    }

    /**
     * The value as an SQL expression of JSON type: {@code CAST('...' AS JSON)}, or the typed expression. For
     * arguments of JSON functions (partial updates' diffs), where a plain string would be taken as a JSON string.
     */
    public static String asJson(byte[] binary) {
        SqlBuffer out = new SqlBuffer(binary.length + 16);
        if (append(out, binary)) {
            return out.toString();
        }
        return "CAST(" + out + " AS JSON)";
    }

    /**
     * Appends the value of a JSON column (the bytes after its length prefix): a string literal of its text, or the
     * expression that builds it with its types.
     *
     * @return true when an expression (already of JSON type, or of the scalar's type) was written
     */
    public static boolean append(SqlBuffer out, byte[] binary) {
        Node root;
        if (binary.length == 0) {
            root = Node.scalar("null", "NULL", false);
        } else {
            Tree tree = new Tree();
            try {
                JsonBinary.parse(binary, tree);
            } catch (IOException | RuntimeException e) {
                // Reported with the event's position by the caller, like any cell that does not decode.
                throw new IllegalArgumentException("unreadable binary JSON value: " + e.getMessage(), e);
            }
            root = tree.root;
        }
        if (root.typed) {
            out.append(root.expression());
            return true;
        }
        SqlText.string(out, root.text());
        return false;
    }

    /** A JSON value with both its text and its SQL expression; {@code typed} when only the expression is exact. */
    private static final class Node {
        final List<String> keys;
        final List<Node> children;
        final boolean object;
        final String text;
        final String sql;
        boolean typed;

        private Node(boolean object, List<String> keys, List<Node> children, String text, String sql, boolean typed) {
            this.object = object;
            this.keys = keys;
            this.children = children;
            this.text = text;
            this.sql = sql;
            this.typed = typed;
        }

        static Node scalar(String text, String sql, boolean typed) {
            return new Node(false, null, null, text, sql, typed);
        }

        static Node container(boolean object) {
            return new Node(object, object ? new ArrayList<>() : null, new ArrayList<>(), null, null, false);
        }

        boolean isContainer() {
            return children != null;
        }

        String text() {
            if (!isContainer()) {
                return text;
            }
            StringBuilder s = new StringBuilder(object ? "{" : "[");
            for (int i = 0; i < children.size(); i++) {
                if (i > 0) {
                    s.append(", ");
                }
                if (object) {
                    s.append(quote(keys.get(i))).append(": ");
                }
                s.append(children.get(i).text());
            }
            return s.append(object ? '}' : ']').toString();
        }

        String expression() {
            if (!isContainer()) {
                return sql;
            }
            SqlBuffer s = new SqlBuffer(64).append(object ? "JSON_OBJECT(" : "JSON_ARRAY(");
            for (int i = 0; i < children.size(); i++) {
                if (i > 0) {
                    s.append(", ");
                }
                if (object) {
                    SqlText.string(s, keys.get(i));
                    s.append(", ");
                }
                Node child = children.get(i);
                s.append(child.isContainer() && !child.typed ? "CAST(" + literal(child.text()) + " AS JSON)"
                        : child.expression());
            }
            return s.append(')').toString();
        }
    }

    /** Builds the tree the library's parser describes. */
    private static final class Tree implements JsonFormatter {
        final Deque<Node> open = new ArrayDeque<>();
        Node root;

        private void add(Node node) {
            Node parent = open.peek();
            if (parent == null) {
                root = node;
            } else {
                parent.children.add(node);
                if (node.typed) {
                    for (Node n : open) {
                        n.typed = true;
                    }
                }
            }
        }

        @Override
        public void beginObject(int entries) {
            Node node = Node.container(true);
            add(node);
            open.push(node);
        }

        @Override
        public void beginArray(int entries) {
            Node node = Node.container(false);
            add(node);
            open.push(node);
        }

        @Override
        public void endObject() {
            open.pop();
        }

        @Override
        public void endArray() {
            open.pop();
        }

        @Override
        public void name(String name) {
            open.peek().keys.add(name);
        }

        @Override
        public void value(String value) {
            add(Node.scalar(quote(value), literal(value), false));
        }

        @Override
        public void value(int value) {
            add(Node.scalar(Integer.toString(value), Integer.toString(value), false));
        }

        @Override
        public void value(long value) {
            add(Node.scalar(Long.toString(value), Long.toString(value), false));
        }

        @Override
        public void value(double value) {
            String text = Double.toString(value); // always a fraction or an exponent: parsed back as a double
            add(Node.scalar(text, text.contains("E") ? text : text + "E0", false));
        }

        @Override
        public void value(BigInteger value) {
            add(Node.scalar(value.toString(), value.toString(), false));
        }

        @Override
        public void value(BigDecimal value) {
            String plain = value.toPlainString();
            int scale = Math.max(0, value.scale());
            int precision = Math.max(value.precision(), scale) + (value.scale() < 0 ? -value.scale() : 0);
            add(Node.scalar(plain, "CAST(" + literal(plain) + " AS DECIMAL(" + Math.min(65, Math.max(1, precision))
                    + "," + Math.min(30, scale) + "))", true));
        }

        @Override
        public void value(boolean value) {
            add(Node.scalar(Boolean.toString(value), "CAST('" + value + "' AS JSON)", false));
        }

        @Override
        public void valueNull() {
            add(Node.scalar("null", "NULL", false));
        }

        @Override
        public void valueYear(int year) {
            add(Node.scalar(Integer.toString(year), Integer.toString(year), false));
        }

        @Override
        public void valueDate(int year, int month, int day) {
            String date = String.format("%04d-%02d-%02d", year, month, day);
            add(Node.scalar(quote(date), "CAST('" + date + "' AS DATE)", true));
        }

        @Override
        public void valueDatetime(int year, int month, int day, int hour, int minute, int second, int micros) {
            String datetime = String.format("%04d-%02d-%02d %02d:%02d:%02d.%06d", year, month, day, hour, minute,
                    second, micros);
            add(Node.scalar(quote(datetime), "CAST('" + datetime + "' AS DATETIME(6))", true));
        }

        @Override
        public void valueTime(int hour, int minute, int second, int micros) {
            String sign = hour < 0 || minute < 0 || second < 0 || micros < 0 ? "-" : "";
            String time = String.format("%s%02d:%02d:%02d.%06d", sign, Math.abs(hour), Math.abs(minute),
                    Math.abs(second), Math.abs(micros));
            add(Node.scalar(quote(time), "CAST('" + time + "' AS TIME(6))", true));
        }

        @Override
        public void valueTimestamp(long seconds, int micros) {
            // A TIMESTAMP inside JSON: written in UTC like TIMESTAMP columns (the script sets time_zone '+00:00').
            LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
            valueDatetime(t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(),
                    t.getSecond(), micros);
        }

        @Override
        public void valueOpaque(ColumnType type, byte[] value) {
            SqlBuffer hex = new SqlBuffer(value.length * 2 + 3);
            SqlText.hex(hex, value, 0, value.length);
            // Binary data held in a JSON document ("base64:typeNN:..." as MySQL prints it).
            add(Node.scalar(quote("base64:type" + type.getCode() + ":"
                    + java.util.Base64.getEncoder().encodeToString(value)), "CAST(" + hex + " AS BINARY)", true));
        }

        @Override
        public void nextEntry() {
        }
    }

    /** A JSON string. */
    static String quote(String s) {
        StringBuilder q = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                case '\b' -> q.append("\\b");
                case '\f' -> q.append("\\f");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format("\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }

    /** A SQL string literal of {@code text}. */
    private static String literal(String text) {
        SqlBuffer s = new SqlBuffer(text.length() + 2);
        SqlText.string(s, text);
        return s.toString();
    }
}
