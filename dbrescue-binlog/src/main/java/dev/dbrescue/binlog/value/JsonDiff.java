package dev.dbrescue.binlog.value;

import dev.dbrescue.binlog.rows.PackedInts;

import java.util.Arrays;

/**
 * A JSON column of a MySQL PARTIAL_UPDATE_ROWS after image, logged as diffs against the before image
 * ({@code binlog_row_value_options=PARTIAL_JSON}): a sequence of (operation byte: 0 replace, 1 insert, 2 remove;
 * the path, length-prefixed; for replace and insert the value, length-prefixed binary JSON), as MySQL's
 * {@code Json_diff_vector} writes it. Written as the SQL that applies them to the column, in order:
 * {@code JSON_REMOVE(JSON_REPLACE(`doc`, '$.a', CAST('1' AS JSON)), '$.b')}.
 */
public final class JsonDiff {

    private static final int REPLACE = 0;
    private static final int INSERT = 1;
    private static final int REMOVE = 2;

    private JsonDiff() {
    }

    /** @throws IllegalArgumentException for an operation we do not know */
    public static String expression(String column, byte[] b, int from, int length) {
        SqlBuffer sql = new SqlBuffer(64);
        SqlText.identifier(sql, column);
        String expression = sql.toString();
        int at = from;
        int end = from + length;
        while (at < end) {
            int operation = b[at++] & 0xff;
            long[] pathLength = PackedInts.read(b, at);
            at = (int) pathLength[1];
            SqlBuffer step = new SqlBuffer(64);
            step.append(switch (operation) {
                case REPLACE -> "JSON_REPLACE(";
                case INSERT -> "JSON_INSERT(";
                case REMOVE -> "JSON_REMOVE(";
                default -> throw new IllegalArgumentException("JSON diff operation " + operation);
            }).append(expression).append(", ");
            SqlText.string(step, b, at, (int) pathLength[0], "utf8mb4");
            at += (int) pathLength[0];
            if (operation != REMOVE) {
                long[] valueLength = PackedInts.read(b, at);
                at = (int) valueLength[1];
                byte[] value = Arrays.copyOfRange(b, at, at + (int) valueLength[0]);
                at += (int) valueLength[0];
                step.append(", ").append(JsonSql.asJson(value));
            }
            expression = step.append(')').toString();
        }
        if (at != end) {
            throw new IllegalArgumentException("a JSON diff runs past its column");
        }
        return expression;
    }
}
