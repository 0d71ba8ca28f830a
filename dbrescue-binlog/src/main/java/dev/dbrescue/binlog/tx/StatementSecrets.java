package dev.dbrescue.binlog.tx;

import java.util.regex.Pattern;

/**
 * Passwords written in logged statements ({@code CREATE USER ... IDENTIFIED BY '...'}, {@code SET PASSWORD = ...},
 * {@code CHANGE MASTER TO MASTER_PASSWORD='...'}) replaced by {@code '***'} before a statement is shown: the
 * summary's and flashback's output is pasted into incident channels.
 */
final class StatementSecrets {

    private static final Pattern SECRET = Pattern.compile("(?i)("
            + "IDENTIFIED\\s+(?:WITH\\s+\\S+\\s+)?(?:BY|AS)\\s+(?:PASSWORD\\s+)?"
            + "|PASSWORD\\s*\\(\\s*"
            + "|USING\\s+"
            + "|(?:MASTER|SOURCE)_PASSWORD\\s*=\\s*"
            + "|SET\\s+PASSWORD\\s*(?:FOR\\s+\\S+\\s*)?=\\s*"
            + ")'(?:[^'\\\\]|\\\\.|'')*'");

    private StatementSecrets() {
    }

    static String masked(String statement) {
        if (statement.indexOf('\'') < 0) {
            return statement;
        }
        return SECRET.matcher(statement).replaceAll("$1'***'");
    }
}
