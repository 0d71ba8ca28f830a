package dev.dbrescue.core.deadlock.postgres;

import dev.dbrescue.core.deadlock.DeadlockLock;
import dev.dbrescue.core.deadlock.LockKind;

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

    private static final Pattern RELATION_OID = Pattern.compile("\\brelation (\\d+) of database \\d+$");
    /** heapam.c XactLockTableWaitErrorCb: {@code while updating tuple (0,2) in relation "accounts"}. */
    private static final Pattern CONTEXT_RELATION = Pattern.compile("(?m)^while .* in relation \"(.*)\"$");

    private LockObjects() {
    }

    /**
     * @param contextRelation the relation named by the logging process's CONTEXT, applied to row waits only
     *                        (transaction and tuple locks): those are the waits the CONTEXT describes
     */
    static DeadlockLock lock(String mode, String object, String contextRelation) {
        LockKind kind = kind(object);
        String table = null;
        if (object.contains("relation ")) { // RELATION_OID needs it: most objects are transactions
            Matcher oid = RELATION_OID.matcher(object);
            if (oid.find()) {
                table = oid.group(1);
            }
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

    /** The relation a CONTEXT says a row wait was about, or null. */
    static String contextRelation(String context) {
        if (context == null || !context.contains(" in relation \"")) {
            return null;
        }
        Matcher m = CONTEXT_RELATION.matcher(context);
        return m.find() ? m.group(1) : null;
    }
}
