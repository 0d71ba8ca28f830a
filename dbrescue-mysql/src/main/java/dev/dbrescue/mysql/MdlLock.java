package dev.dbrescue.mysql;

import dev.dbrescue.core.model.LockRef;

import java.util.Locale;

/**
 * One metadata lock ticket, granted or pending.
 *
 * @param sessionId  processlist id of the owner
 * @param objectType {@code TABLE}, {@code SCHEMA}, {@code GLOBAL}, {@code USER LEVEL LOCK}, ... (performance_schema
 *                   OBJECT_TYPE; METADATA_LOCK_INFO's "Table metadata lock" becomes {@code TABLE})
 * @param mode       normalized type, e.g. {@code SHARED_READ}
 */
record MdlLock(long sessionId, String objectType, String schema, String name, String mode, boolean granted) {

    static MdlLock of(long sessionId, String objectType, String schema, String name, String mode, boolean granted) {
        return new MdlLock(sessionId, objectType == null ? "TABLE" : objectType.toUpperCase(Locale.ROOT),
                emptyToNull(schema), emptyToNull(name), MdlCompatibility.normalize(mode), granted);
    }

    /** Tickets on the same object share a key. */
    Key key() {
        return new Key(objectType, schema, name);
    }

    record Key(String objectType, String schema, String name) {
    }

    /** As a LockRef: type METADATA; for objects other than tables the object type goes in lockData. */
    LockRef toLockRef() {
        return new LockRef("METADATA", mode, schema, name, null, "TABLE".equals(objectType) ? null : objectType);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
