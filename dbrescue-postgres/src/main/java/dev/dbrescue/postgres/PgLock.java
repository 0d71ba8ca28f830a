package dev.dbrescue.postgres;

import dev.dbrescue.core.model.LockRef;

import java.util.Set;

/**
 * One pg_locks row (https://www.postgresql.org/docs/current/view-pg-locks.html) with the names of its relation
 * resolved where this database can resolve them.
 *
 * @param pid             holder or waiter; 0 for a prepared transaction (pg_locks.pid is null for those, and
 *                        pg_blocking_pids reports them as 0)
 * @param databaseName    pg_database.datname of {@code database}, null for shared objects
 * @param namesResolvable true when {@code relation} belongs to this database (or is a shared catalog), so that
 *                        pg_class could name it; other databases' pg_class cannot be read from here
 * @param objectClass     {@code classid::regclass} for locktype {@code object}, e.g. {@code pg_database}
 * @param waitSeconds     seconds since pg_locks.waitstart (PostgreSQL 14+) for a waiting row, else null
 */
record PgLock(long pid, String lockType, Long database, String databaseName, boolean namesResolvable,
              Long relation, String schema, String table, String relKind,
              Integer page, Integer tuple, String virtualXid, String transactionId,
              Long classId, Long objId, Integer objSubId, String objectClass,
              String mode, boolean granted, Double waitSeconds) {

    private static final Set<String> SYSTEM_SCHEMAS = Set.of("pg_catalog", "information_schema", "pg_toast");

    /**
     * What makes two rows the same lockable object: every identifying pg_locks column. The manual: "the same
     * lockable object might appear many times, if multiple processes are holding or waiting for locks on it".
     */
    record Key(String lockType, Long database, Long relation, Integer page, Integer tuple, String virtualXid,
               String transactionId, Long classId, Long objId, Integer objSubId) {
    }

    /** A table's schema and name. */
    record TableName(String schema, String table) {
    }

    Key key() {
        return new Key(lockType, database, relation, page, tuple, virtualXid, transactionId, classId, objId, objSubId);
    }

    boolean conflictsWith(PgLock other) {
        return PostgresLockMode.conflict(mode, other.mode);
    }

    /** The table of a relation-level, page or tuple lock, when this database can name it. */
    TableName tableName() {
        return relation != null && table != null ? new TableName(schema, table) : null;
    }

    /** A user table (not an index, not a catalog): a hint of what a transaction works on. */
    boolean onUserTable() {
        return table != null && ("r".equals(relKind) || "p".equals(relKind)) && !SYSTEM_SCHEMAS.contains(schema);
    }

    /**
     * As the core model's lock: type and mode in PostgreSQL's words, the table where known ({@code hint} names it for
     * transactionid and virtualxid locks, which carry no relation), and the part of the object that is locked.
     */
    LockRef toLockRef(TableName hint) {
        TableName name = tableName();
        if (name == null && relation == null) {
            name = hint;
        }
        return new LockRef(lockType, mode, name == null ? null : name.schema(), name == null ? null : name.table(), null, lockData());
    }

    private String lockData() {
        if (relation != null && table == null) {
            // A relation of another database (or dropped meanwhile): only its oid is known from here.
            return "relation oid " + relation + (namesResolvable || databaseName == null ? "" : " in database " + databaseName);
        }
        return switch (lockType) {
            case "tuple" -> "(" + page + "," + tuple + ")";
            case "page" -> "page " + page;
            case "transactionid" -> transactionId;
            case "virtualxid" -> virtualXid;
            case "advisory" -> advisoryKey();
            case "object" -> (objectClass == null ? "class " + classId : objectClass) + " " + objId
                    + (objSubId != null && objSubId != 0 ? " column " + objSubId : "");
            default -> null;
        };
    }

    /**
     * pg_locks shows a bigint advisory key split in classid (high half) and objid (low half) with objsubid 1, and
     * a pair of integer keys as classid, objid with objsubid 2.
     */
    private String advisoryKey() {
        if (classId == null || objId == null) {
            return null;
        }
        if (objSubId != null && objSubId == 1) {
            return "key " + ((classId << 32) | objId);
        }
        return "keys (" + (int) (long) classId + "," + (int) (long) objId + ")";
    }
}
