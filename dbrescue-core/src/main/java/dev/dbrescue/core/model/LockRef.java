package dev.dbrescue.core.model;

/**
 * A lock held or requested, in the server's own vocabulary.
 *
 * @param type     what is locked: {@code RECORD}, {@code TABLE} (InnoDB), {@code METADATA} (MySQL MDL),
 *                 or PostgreSQL's {@code pg_locks.locktype}: {@code relation}, {@code tuple}, {@code transactionid}, ...
 * @param mode     InnoDB {@code X}, {@code S,GAP}, {@code X,INSERT_INTENTION}, {@code X,REC_NOT_GAP}, {@code IX};
 *                 MDL {@code SHARED_READ}, {@code EXCLUSIVE}; PostgreSQL {@code AccessExclusiveLock}
 * @param schema   schema (MySQL database) of the object, may be null
 * @param table    table or relation name, may be null
 * @param index    index name for record locks, may be null
 * @param lockData key values as the server shows them, {@code supremum pseudo-record}, a tuple
 *                 {@code (page,tuple)} or a transaction id; may be null
 */
public record LockRef(String type, String mode, String schema, String table, String index, String lockData) {

    /** {@code schema.table}, or whatever part is known. */
    public String object() {
        if (table == null) {
            return schema;
        }
        return schema == null ? table : schema + "." + table;
    }

    /** Human-readable object: {@code shop.orders index code (key '123')}. */
    public String describeObject() {
        StringBuilder s = new StringBuilder();
        String object = object();
        s.append(object == null ? type : object);
        if (index != null) {
            s.append(" index ").append(index);
        }
        if (lockData != null) {
            s.append(" (").append(lockData).append(')');
        }
        return s.toString();
    }
}
