package dev.dbrescue.binlog.summary;

import java.util.regex.Pattern;

/** Whether an annotated DELETE/UPDATE statement is restricted by a WHERE clause; not a parser, a careful guess. */
final class WhereClause {

    /** Quoted strings, quoted identifiers and comments, where the word WHERE means nothing. */
    private static final Pattern NOISE = Pattern.compile(
            "'(?:[^'\\\\]|\\\\.|'')*'|\"(?:[^\"\\\\]|\\\\.|\"\")*\"|`(?:[^`]|``)*`|/\\*.*?\\*/|--[^\\n]*|#[^\\n]*",
            Pattern.DOTALL);
    private static final Pattern WHERE = Pattern.compile("\\bWHERE\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern DML = Pattern.compile("^\\s*(?:/\\*.*?\\*/\\s*)*(DELETE|UPDATE)\\b",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private WhereClause() {
    }

    /**
     * @return TRUE or FALSE for a DELETE/UPDATE statement; null when unknown: no statement, another statement, or
     *         a statement cut short before any WHERE
     */
    static Boolean present(String statement) {
        if (statement == null || !DML.matcher(statement).find()) {
            return null;
        }
        if (WHERE.matcher(NOISE.matcher(statement).replaceAll(" ")).find()) {
            return Boolean.TRUE;
        }
        return statement.endsWith("...") ? null : Boolean.FALSE;
    }
}
