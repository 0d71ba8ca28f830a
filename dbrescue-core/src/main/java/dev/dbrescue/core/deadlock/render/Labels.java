package dev.dbrescue.core.deadlock.render;

import dev.dbrescue.core.analysis.finding.Durations;
import dev.dbrescue.core.deadlock.DeadlockLock;
import dev.dbrescue.core.deadlock.DeadlockTransaction;
import dev.dbrescue.core.deadlock.RecordField;
import dev.dbrescue.core.deadlock.LockKind;

/** Short human descriptions shared by the deadlock writers. */
final class Labels {

    private Labels() {
    }

    /** {@code X record lock on shop.t index PRIMARY (1)}. */
    static String lock(DeadlockLock lock) {
        if (lock == null) {
            return "?";
        }
        StringBuilder s = new StringBuilder(96);
        if (lock.mode() != null) {
            s.append(lock.mode()).append(' ');
        }
        if (lock.kind() != null && lock.kind() != LockKind.OTHER) {
            s.append(kind(lock.kind())).append(' ');
        }
        s.append("lock");
        if (lock.table() != null) {
            s.append(" on ").append(lock.table());
        }
        if (lock.index() != null) {
            s.append(" index ").append(lock.index());
        }
        if (lock.supremum()) {
            s.append(" (supremum pseudo-record)");
        } else if (!lock.fields().isEmpty()) {
            s.append(" (");
            for (int i = 0; i < Math.min(3, lock.fields().size()); i++) {
                s.append(i > 0 ? ", " : "").append(field(lock.fields().get(i)));
            }
            s.append(')');
        } else if (lock.object() != null && lock.table() == null) {
            s.append(" on ").append(lock.object());
        }
        return s.toString();
    }

    /** {@code 5}, or {@code id=5} when the live schema named the field. */
    private static String field(RecordField f) {
        String value = f.length() < 0 ? "NULL" : f.decoded() != null ? f.decoded() : "0x" + f.hex();
        return f.column() == null ? value : f.column() + "=" + value;
    }

    static String kind(LockKind kind) {
        return kind == null ? "" : kind.jsonName();
    }

    /** {@code thread 17, trx 1234} */
    static String who(DeadlockTransaction t) {
        StringBuilder s = new StringBuilder();
        s.append(t.threadId() == null ? "thread ?" : "thread " + t.threadId());
        if (t.trxId() != null) {
            s.append(", trx ").append(t.trxId());
        }
        return s.toString();
    }

    static String oneLine(String sql, int max) {
        return sql == null ? "(statement not in the report)" : Durations.oneLine(sql, max);
    }
}
