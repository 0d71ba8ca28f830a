package dev.dbrescue.core.deadlock.postgres;

import dev.dbrescue.core.deadlock.DeadlockLock;
import dev.dbrescue.core.deadlock.LockKind;
import dev.dbrescue.core.deadlock.TextScan;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a lock as PostgreSQL describes it ({@code ShareLock} on {@code transaction 729}) into a {@link DeadlockLock}.
 * <p>
 * The object texts come from lmgr.c {@code DescribeLockTag}: {@code relation R of database D},
 * {@code extension of relation R of database D}, {@code page P of relation R of database D},
 * {@code tuple (B,O) of relation R of database D}, {@code transaction X}, {@code virtual transaction V},
 * {@code speculative token T of transaction X}, {@code object O of class C of database D},
 * {@code advisory lock [D,K1,K2,F]}. Relations are logged as OIDs only: the OID text becomes the lock's table
 * unless the message's CONTEXT names the relation ({@code while updating tuple (0,2) in relation "accounts"}).
 */
final class LockObjects {

    /** For an OID after a non-ASCII character, where {@code \b} follows java.util.regex's own Unicode rules. */
    private static final Pattern RELATION_OID = Pattern.compile("\\brelation (\\d+) of database \\d+$");
    private static final String IN_RELATION = " in relation \"";

    private LockObjects() {
    }

    /**
     * @param contextRelation the relation named by the logging process's CONTEXT, applied to row waits only
     *                        (transaction and tuple locks): those are the waits the CONTEXT describes
     */
    static DeadlockLock lock(String mode, String object, String contextRelation) {
        LockKind kind = kind(object);
        String table = null;
        if (object.contains("relation ")) { // most objects are transactions
            table = relationOid(object);
        }
        if (contextRelation != null && (kind == LockKind.TRANSACTION || kind == LockKind.TUPLE)) {
            table = contextRelation;
        }
        return new DeadlockLock(table, null, mode, kind, false, object, List.of());
    }

    static LockKind kind(String object) {
        if (object.startsWith("transaction ") || object.startsWith("virtual transaction ")
                || object.startsWith("speculative token ")) {
            return LockKind.TRANSACTION;
        }
        if (object.startsWith("tuple ")) {
            return LockKind.TUPLE;
        }
        if (object.startsWith("relation ")) {
            return LockKind.RELATION;
        }
        return LockKind.OTHER; // page, extension, object, advisory lock, ...
    }

    /** The transaction id of a {@code transaction X} object, else null. */
    static String transactionId(String object) {
        return object.startsWith("transaction ") ? object.substring("transaction ".length()).strip() : null;
    }

    /**
     * The OID of {@code relation R of database D} at the end of an object, as the regular expression
     * {@code \brelation (\d+) of database \d+$} finds it (read by hand: tuple, page and relation locks have one).
     */
    static String relationOid(String object) {
        int n = object.length();
        // $ : the end, or before a line terminator that ends the text
        int[] ends = {n, n > 0 && TextScan.isLineTerminator(object.charAt(n - 1)) ? n - 1 : -1,
            object.endsWith("\r\n") ? n - 2 : -1};
        for (int end : ends) {
            int database = end;
            while (database > 0 && TextScan.isDigit(object.charAt(database - 1))) {
                database--;
            }
            int of = database - " of database ".length();
            if (end <= 0 || database == end || of < 0 || !object.startsWith(" of database ", of)) {
                continue;
            }
            int oid = of;
            while (oid > 0 && TextScan.isDigit(object.charAt(oid - 1))) {
                oid--;
            }
            int relation = oid - "relation ".length();
            if (oid == of || relation < 0 || !object.startsWith("relation ", relation)) {
                continue;
            }
            char before = relation == 0 ? ' ' : object.charAt(relation - 1);
            if (before >= 0x80) {
                Matcher m = RELATION_OID.matcher(object);
                return m.find() ? m.group(1) : null;
            }
            return before == '_' || Character.isLetterOrDigit(before) ? null : object.substring(oid, of);
        }
        return null;
    }

    /**
     * The relation a CONTEXT says a row wait was about (heapam.c XactLockTableWaitErrorCb: {@code while updating
     * tuple (0,2) in relation "accounts"}), or null: the first line that the regular expression
     * {@code (?m)^while .* in relation "(.*)"$} matches, read by hand.
     */
    static String contextRelation(String context) {
        if (context == null || !context.contains(IN_RELATION)) {
            return null;
        }
        int n = context.length();
        for (int start = 0; start < n; ) {
            int end = start;
            while (end < n && !TextScan.isLineTerminator(context.charAt(end))) {
                end++;
            }
            // the whole line: "while ", anything, the last " in relation \"" that leaves a closing quote
            if (context.startsWith("while ", start) && end > start && context.charAt(end - 1) == '"') {
                int in = context.lastIndexOf(IN_RELATION, end - 1 - IN_RELATION.length());
                if (in >= start + 6) {
                    return context.substring(in + IN_RELATION.length(), end - 1);
                }
            }
            start = end + 1; // after \r\n this is first an empty line, which cannot match
        }
        return null;
    }
}
