package dev.dbrescue.core.deadlock;

import java.util.List;

/**
 * A lock one deadlock participant holds or waits for.
 *
 * @param table    {@code schema.table} (InnoDB); PostgreSQL: the relation as logged, if any
 * @param index    the index name of a record lock, else null
 * @param mode     InnoDB {@code S}, {@code X}, {@code IS}, {@code IX}, {@code AUTO-INC}; PostgreSQL the mode as
 *                 logged, e.g. {@code ShareLock}
 * @param kind     what the lock covers
 * @param supremum true for a record lock on the supremum pseudo-record (the gap above the largest key)
 * @param object   what PostgreSQL names: {@code transaction 1234}, {@code tuple (0,1) of relation 16384 of
 *                 database 5}; for InnoDB the space/page/heap text; may be null
 * @param fields   the index record's fields, decoded where possible (InnoDB with record dumps), else empty
 */
public record DeadlockLock(String table, String index, String mode, LockKind kind, boolean supremum, String object,
                           List<RecordField> fields) {

    public DeadlockLock {
        fields = fields == null ? List.of() : List.copyOf(fields);
    }
}
