package dev.dbrescue.binlog.event;

import java.nio.charset.StandardCharsets;

/**
 * A QUERY event, parsed here rather than by the library so that the database name and statement are decoded as UTF-8
 * and not in the JVM's default charset. The statement text is for display and classification only.
 *
 * @param threadId the session that ran it (MySQL BEGIN and DDL; MariaDB DDL)
 * @param database the default database of the session, empty when none
 */
public record QueryEvent(long threadId, String database, String sql) {

    private static final int POST_HEADER = 13;

    public static QueryEvent parse(byte[] body) {
        long thread = (body[0] & 0xffL) | (body[1] & 0xffL) << 8 | (body[2] & 0xffL) << 16 | (body[3] & 0xffL) << 24;
        int dbLength = body[8] & 0xff;
        int statusLength = (body[11] & 0xff) | (body[12] & 0xff) << 8;
        int db = POST_HEADER + statusLength;
        int sql = db + dbLength + 1;
        return new QueryEvent(thread, new String(body, db, dbLength, StandardCharsets.UTF_8),
                new String(body, sql, body.length - sql, StandardCharsets.UTF_8));
    }

    public boolean isBegin() {
        return sql.equalsIgnoreCase("BEGIN");
    }

    /** COMMIT closes a transaction on non-transactional tables (MariaDB) where no XID is written. */
    public boolean isCommitOrRollback() {
        return sql.equalsIgnoreCase("COMMIT") || sql.equalsIgnoreCase("ROLLBACK");
    }

    /** A statement-format INSERT/UPDATE/DELETE/REPLACE/LOAD: its rows are not in the log, it cannot be reversed. */
    public boolean isDml() {
        String head = firstWord(sql);
        return switch (head) {
            case "INSERT", "UPDATE", "DELETE", "REPLACE", "LOAD" -> true;
            default -> false;
        };
    }

    static String firstWord(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            // Skip white space and leading comments such as /* ... */ that clients prepend.
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else {
                break;
            }
        }
        int start = i;
        while (i < n && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return sql.substring(start, i).toUpperCase(java.util.Locale.ROOT);
    }
}
