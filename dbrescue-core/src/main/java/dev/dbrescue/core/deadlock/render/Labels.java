package dev.dbrescue.core.deadlock.render;

import dev.dbrescue.core.analysis.finding.Durations;
import dev.dbrescue.core.deadlock.DeadlockLock;
import dev.dbrescue.core.deadlock.DeadlockTransaction;
import dev.dbrescue.core.deadlock.RecordField;
import dev.dbrescue.core.deadlock.LockKind;

import java.util.stream.Collectors;

/** Short human descriptions shared by the deadlock writers. */
final class Labels {

    private Labels() {
    }

    /** {@code X record lock on shop.t index PRIMARY (1)}. */
    static String lock(DeadlockLock lock) {
        if (lock == null) {
            return "?";
        }
        StringBuilder s = new StringBuilder();
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
            s.append(" (").append(lock.fields().stream().limit(3).map(Labels::field).collect(Collectors.joining(", "))).append(')');
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
