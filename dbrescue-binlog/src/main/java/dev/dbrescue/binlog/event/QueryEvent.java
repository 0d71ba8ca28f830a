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

    /**
     * SAVEPOINT, RELEASE SAVEPOINT and ROLLBACK TO inside a transaction (ORMs' nested transactions write them): they
     * change no row of their own; a logged ROLLBACK TO means the rows before it were kept.
     */
    public boolean isSavepoint() {
        String[] words = firstWords(sql, 2);
        return words[0].equals("SAVEPOINT") || words[0].equals("RELEASE") && words[1].equals("SAVEPOINT")
                || words[0].equals("ROLLBACK") && words[1].equals("TO");
    }

    /** The step of an XA transaction this statement is, or null. */
    public XaStep xa() {
        String[] words = firstWords(sql, 2);
        if (!words[0].equals("XA")) {
            return null;
        }
        return switch (words[1]) {
            case "START", "BEGIN" -> XaStep.START;
            case "END" -> XaStep.END;
            case "COMMIT" -> XaStep.COMMIT;
            case "ROLLBACK" -> XaStep.ROLLBACK;
            default -> XaStep.OTHER;
        };
    }

    /** Steps of an XA transaction as the log shows them (XA PREPARE is an event of its own). */
    public enum XaStep { START, END, COMMIT, ROLLBACK, OTHER }

    /**
     * MySQL 8.0.21+ logs CREATE TABLE ... SELECT as one transaction: the CREATE ending in START TRANSACTION, then the
     * rows, then XID.
     */
    public boolean startsTransaction() {
        String trimmed = sql.strip().toUpperCase(java.util.Locale.ROOT);
        return trimmed.endsWith("START TRANSACTION");
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
        return firstWords(sql, 1)[0];
    }

    /** The first {@code count} words in upper case ("" for missing ones), comments and white space skipped. */
    static String[] firstWords(String sql, int count) {
        String[] words = new String[count];
        int i = 0;
        for (int w = 0; w < count; w++) {
            i = skipSpaceAndComments(sql, i);
            int start = i;
            while (i < sql.length() && Character.isLetter(sql.charAt(i))) {
                i++;
            }
            words[w] = sql.substring(start, i).toUpperCase(java.util.Locale.ROOT);
        }
        return words;
    }

    private static int skipSpaceAndComments(String sql, int from) {
        int i = from;
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
        return i;
    }
}
