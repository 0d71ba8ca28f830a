package dev.dbrescue.core.analysis.explain;

import dev.dbrescue.core.model.LockRef;
import dev.dbrescue.core.model.LockWait;
import dev.dbrescue.core.model.WaitKind;

import java.util.Locale;

/**
 * InnoDB record and table locks and MySQL metadata locks, as the MySQL manual's "InnoDB Locking" and
 * "Metadata Locking" sections describe them. Mode strings are the servers' own: {@code X}, {@code S,GAP},
 * {@code X,REC_NOT_GAP}, {@code X,GAP,INSERT_INTENTION}, {@code IX}; MariaDB and 5.7 print only {@code X}/{@code S}
 * plus {@code ,GAP}. Metadata lock modes: {@code SHARED_READ}, {@code EXCLUSIVE}, ... (MDL_ prefix optional).
 */
final class InnoDbLockSemantics implements LockSemantics {

    @Override
    public String explain(LockWait wait) {
        LockRef wanted = wait.requested();
        LockRef held = wait.blocking();
        if (wanted == null) {
            return "Session " + wait.waiterId() + " waits for a lock held by session " + wait.blockerId() + ".";
        }
        if ("METADATA".equalsIgnoreCase(wanted.type())) {
            return explainMetadata(wait);
        }
        if ("TABLE".equalsIgnoreCase(wanted.type())) {
            return "Session " + wait.waiterId() + " wants a " + wanted.mode() + " table lock on " + wanted.object()
                    + ", which conflicts with the " + (held == null ? "lock" : held.mode() + " table lock")
                    + " session " + wait.blockerId() + " holds (LOCK TABLES or a table-level lock).";
        }
        return explainRecord(wait, wanted, held);
    }

    private static String explainRecord(LockWait wait, LockRef wanted, LockRef held) {
        String mode = upper(wanted.mode());
        String where = place(wanted);
        StringBuilder s = new StringBuilder("Session ").append(wait.waiterId());
        if (mode.contains("INSERT_INTENTION")) {
            s.append(" wants to insert into the gap before ").append(where)
                    .append(" (an insert-intention lock), but session ").append(wait.blockerId())
                    .append(" holds a ").append(heldKind(held)).append(" covering that gap; gap locks exist to stop")
                    .append(" inserts there until it commits (phantom protection under REPEATABLE READ).");
        } else if (mode.startsWith("X")) {
            s.append(" wants an exclusive (X) lock on ").append(where).append(" to change or lock it, but session ")
                    .append(wait.blockerId()).append(" holds ").append(heldKind(held))
                    .append(held != null && upper(held.mode()).startsWith("S")
                            ? ": a shared lock lets others read, never change, until its transaction ends."
                            : ": only one transaction may hold X on a row until it commits or rolls back.");
        } else if (mode.startsWith("S")) {
            s.append(" wants a shared (S) lock on ").append(where)
                    .append(" (SELECT ... FOR SHARE, a foreign-key check or a duplicate-key check), but session ")
                    .append(wait.blockerId()).append(" holds ").append(heldKind(held))
                    .append(", typically because it changed that row and has not committed.");
        } else {
            s.append(" wants a ").append(wanted.mode()).append(" lock on ").append(where).append(", which conflicts with ")
                    .append(heldKind(held)).append(" held by session ").append(wait.blockerId()).append('.');
        }
        if (isSupremum(wanted)) {
            s.append(" The supremum pseudo-record stands for the gap above the largest key of the index: every insert of")
                    .append(" a new highest key (an auto-increment id) needs that gap, so they all queue here.");
        }
        return s.toString();
    }

    private static String explainMetadata(LockWait wait) {
        LockRef wanted = wait.requested();
        LockRef other = wait.blocking();
        String object = wanted.object() == null ? "the table" : wanted.object();
        if (wait.kind() == WaitKind.QUEUED) {
            return "Session " + wait.waiterId() + " wants a " + mdl(wanted.mode()) + " metadata lock on " + object
                    + "; that is compatible with what is granted, but session " + wait.blockerId() + " asked earlier for "
                    + (other == null ? "an exclusive-class lock" : mdl(other.mode())) + " on it, and such requests have"
                    + " priority: every new statement on the table queues behind it.";
        }
        return "Session " + wait.waiterId() + " wants a " + mdl(wanted.mode()) + " metadata lock on " + object
                + " (DDL or LOCK TABLES), but session " + wait.blockerId() + " holds "
                + (other == null ? "a metadata lock" : mdl(other.mode())) + " on it: a transaction that touched the"
                + " table keeps its metadata lock until COMMIT or ROLLBACK, even while idle.";
    }

    private static String heldKind(LockRef held) {
        if (held == null) {
            return "a conflicting lock";
        }
        String mode = upper(held.mode());
        String kind;
        if (mode.contains("INSERT_INTENTION")) {
            kind = "an insert-intention lock";
        } else if (mode.contains("GAP") && !mode.contains("NOT_GAP")) {
            kind = "a gap lock";
        } else if (mode.contains("REC_NOT_GAP")) {
            kind = "a record lock";
        } else if ("RECORD".equalsIgnoreCase(held.type())) {
            // InnoDB prints a bare X or S for a next-key lock (record plus the gap before it).
            kind = isSupremum(held) ? "a lock on the supremum pseudo-record" : "a next-key lock (record and gap)";
        } else {
            kind = "a lock";
        }
        String strength = mode.startsWith("X") ? "X" : mode.startsWith("S") ? "S" : held.mode();
        return kind + " (" + strength + ")" + (held.lockData() != null && !isSupremum(held) ? " on " + held.lockData() : "");
    }

    private static String place(LockRef lock) {
        String index = lock.index() == null ? "" : " of index " + lock.index();
        String table = lock.object() == null ? "" : " in " + lock.object();
        if (isSupremum(lock)) {
            return "the supremum pseudo-record" + index + table;
        }
        return (lock.lockData() == null ? "a row" : "the row with key " + lock.lockData()) + index + table;
    }

    static boolean isSupremum(LockRef lock) {
        return lock != null && lock.lockData() != null && lock.lockData().toLowerCase(Locale.ROOT).contains("supremum");
    }

    private static String mdl(String mode) {
        return mode == null ? "metadata" : upper(mode).replaceFirst("^MDL_", "");
    }

    private static String upper(String s) {
        return s == null ? "" : s.toUpperCase(Locale.ROOT);
    }
}
