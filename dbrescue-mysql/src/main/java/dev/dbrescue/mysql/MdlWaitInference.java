package dev.dbrescue.mysql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rebuilds pending metadata lock requests where the server does not list them: MariaDB's METADATA_LOCK_INFO plugin
 * shows granted locks only (it skips tickets that are not granted), so a session in the state "Waiting for table
 * metadata lock" is matched to what it wants from its statement:
 * <ul>
 *   <li>the table: one that someone holds a granted metadata lock on and that the statement names, qualified with
 *       its schema or unqualified in the session's current database;</li>
 *   <li>the mode, from the statement kind (sql/sql_parse.cc and sql_base.cc choose it the same way):
 *       LOCK TABLES ... WRITE takes SHARED_NO_READ_WRITE, LOCK TABLES ... READ SHARED_READ_ONLY, ALTER / DROP /
 *       TRUNCATE / RENAME / CREATE / OPTIMIZE / REPAIR end with EXCLUSIVE, SELECT takes SHARED_READ, and DML or
 *       SELECT ... FOR UPDATE SHARED_WRITE. Statements of another kind are assumed to want EXCLUSIVE, which shows
 *       them waiting on every holder of the table rather than on none.</li>
 * </ul>
 * An ALTER keeps waiting on a table it already holds SHARED_UPGRADABLE on (it waits to upgrade), so for
 * exclusive-class requests the waiter's own grant does not rule a table out; for SELECT and DML it does.
 */
final class MdlWaitInference {

    /** What could and could not be inferred. */
    record Result(List<MdlLock> pending, List<Long> unresolved) {
    }

    private static final Pattern LEADING_NOISE = Pattern.compile("^(?:\\s+|/\\*.*?\\*/|--[^\\n]*\\n|#[^\\n]*\\n|\\()+", Pattern.DOTALL);
    private static final Pattern FIRST_WORD = Pattern.compile("^([A-Za-z]+)");
    private static final Pattern WRITE = Pattern.compile("(?i)\\bWRITE\\b");
    private static final Pattern FOR_UPDATE = Pattern.compile("(?i)\\bFOR\\s+UPDATE\\b");
    /** An identifier, bare or backtick-quoted, optionally qualified: schema.name. */
    private static final String IDENT = "(`(?:[^`]|``)+`|[A-Za-z0-9_$\\u0080-\\uFFFF]+)";
    private static final Pattern REFERENCE = Pattern.compile(IDENT + "(?:\\s*\\.\\s*" + IDENT + ")?");

    private MdlWaitInference() {
    }

    static Result infer(List<ProcessRow> waiters, List<MdlLock> granted) {
        List<MdlLock> pending = new ArrayList<>();
        List<Long> unresolved = new ArrayList<>();
        Set<MdlLock.Key> tables = new LinkedHashSet<>();
        for (MdlLock lock : granted) {
            if ("TABLE".equals(lock.objectType())) {
                tables.add(lock.key());
            }
        }
        for (ProcessRow waiter : waiters) {
            String mode = wantedMode(waiter.info());
            boolean exclusiveClass = !mode.equals("SHARED_READ") && !mode.equals("SHARED_WRITE");
            List<MdlLock.Key> wanted = new ArrayList<>();
            for (MdlLock.Key table : tables) {
                if (!names(waiter.info(), waiter.database(), table.schema(), table.name())) {
                    continue;
                }
                if (!exclusiveClass && holds(granted, waiter.id(), table)) {
                    continue; // already has it: the wait is for another table of the statement
                }
                wanted.add(table);
            }
            if (wanted.isEmpty()) {
                unresolved.add(waiter.id());
            }
            for (MdlLock.Key table : wanted) {
                pending.add(MdlLock.of(waiter.id(), "TABLE", table.schema(), table.name(), mode, false));
            }
        }
        return new Result(pending, unresolved);
    }

    /** The metadata lock type a statement asks for on the tables it names. */
    static String wantedMode(String statement) {
        if (statement == null) {
            return "EXCLUSIVE";
        }
        String s = LEADING_NOISE.matcher(statement).replaceFirst("");
        Matcher first = FIRST_WORD.matcher(s);
        String word = first.find() ? first.group(1).toUpperCase(Locale.ROOT) : "";
        return switch (word) {
            case "LOCK" -> WRITE.matcher(s).find() ? "SHARED_NO_READ_WRITE" : "SHARED_READ_ONLY";
            case "SELECT", "WITH", "TABLE", "VALUES" -> FOR_UPDATE.matcher(s).find() ? "SHARED_WRITE" : "SHARED_READ";
            case "INSERT", "UPDATE", "DELETE", "REPLACE", "LOAD" -> "SHARED_WRITE";
            default -> "EXCLUSIVE"; // ALTER, DROP, TRUNCATE, RENAME, CREATE, OPTIMIZE, REPAIR, and unknown kinds
        };
    }

    /** Does the statement name this table (qualified, or unqualified while the session's database is its schema)? */
    static boolean names(String statement, String currentDatabase, String schema, String table) {
        if (statement == null || table == null) {
            return false;
        }
        Matcher m = REFERENCE.matcher(statement);
        while (m.find()) {
            String first = unquote(m.group(1));
            String second = m.group(2) == null ? null : unquote(m.group(2));
            if (second == null) {
                if (first.equalsIgnoreCase(table)
                        && (currentDatabase == null || schema == null || currentDatabase.equalsIgnoreCase(schema))) {
                    return true;
                }
            } else if (second.equalsIgnoreCase(table) && schema != null && first.equalsIgnoreCase(schema)) {
                return true;
            }
        }
        return false;
    }

    private static boolean holds(List<MdlLock> granted, long sessionId, MdlLock.Key table) {
        return granted.stream().anyMatch(l -> l.sessionId() == sessionId && l.key().equals(table));
    }

    private static String unquote(String identifier) {
        return identifier.startsWith("`") ? identifier.substring(1, identifier.length() - 1).replace("``", "`") : identifier;
    }
}
