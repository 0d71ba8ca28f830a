package dev.dbrescue.mysql;

import java.util.ArrayList;
import java.util.List;

/** Reading and writing MySQL identifiers: backtick quoting, {@code `db`.`table`} names, accounts. */
final class MySqlNames {

    /** A schema-qualified name; schema may be null. */
    record QualifiedName(String schema, String name) {
    }

    private MySqlNames() {
    }

    /**
     * Splits a table name as InnoDB prints it in information_schema.INNODB_LOCKS.lock_table (MySQL 5.7, MariaDB):
     * {@code `db`.`t`}, backticks inside a name doubled, possibly followed by a partition comment
     * ("Partition `p0`" in a C-style comment), which is dropped. Also takes the unquoted {@code db.t} and the old
     * internal {@code db/t} forms. Null for null.
     */
    static QualifiedName splitTable(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        List<String> parts = new ArrayList<>();
        int i = 0;
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        while (i < t.length()) {
            char c = t.charAt(i);
            if (quoted) {
                if (c == '`') {
                    if (i + 1 < t.length() && t.charAt(i + 1) == '`') {
                        current.append('`');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                } else {
                    current.append(c);
                }
                i++;
                continue;
            }
            if (c == '`') {
                quoted = true;
            } else if (c == '.' || c == '/') {
                parts.add(current.toString());
                current.setLength(0);
            } else if (Character.isWhitespace(c)) {
                break; // the partition comment, or anything else after the name
            } else {
                current.append(c);
            }
            i++;
        }
        parts.add(current.toString());
        if (parts.size() == 1) {
            return new QualifiedName(null, emptyToNull(parts.get(0)));
        }
        return new QualifiedName(emptyToNull(parts.get(0)), emptyToNull(String.join(".", parts.subList(1, parts.size()))));
    }

    /** {@code `PRIMARY`} (MySQL 5.6 style) to {@code PRIMARY}; other names unchanged. */
    static String unquote(String name) {
        if (name == null) {
            return null;
        }
        String n = name.strip();
        if (n.length() >= 2 && n.charAt(0) == '`' && n.charAt(n.length() - 1) == '`') {
            return n.substring(1, n.length() - 1).replace("``", "`");
        }
        return n;
    }

    /** An identifier quoted for SQL: {@code a`b} becomes {@code `a``b`}. */
    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    /** A string literal for SQL, for the GRANTs we suggest. */
    static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** CURRENT_USER()'s {@code user@host} as {@code 'user'@'host'} for a GRANT statement. */
    static String accountForGrant(String currentUser) {
        if (currentUser == null || currentUser.isEmpty()) {
            return "'<user>'@'<host>'";
        }
        int at = currentUser.lastIndexOf('@');
        if (at < 0) {
            return literal(currentUser);
        }
        return literal(currentUser.substring(0, at)) + "@" + literal(currentUser.substring(at + 1));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
