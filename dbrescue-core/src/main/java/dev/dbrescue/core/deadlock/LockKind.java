package dev.dbrescue.core.deadlock;

import java.util.Locale;

/**
 * What a deadlock lock covers. Names are part of the JSON contract ({@code kind}).
 * InnoDB: RECORD (record only, "rec but not gap"), GAP ("locks gap before rec"), NEXT_KEY (plain X or S on a record:
 * the record and the gap before it), INSERT_INTENTION, TABLE (IS/IX/S/X/AUTO-INC on a table).
 * PostgreSQL: TRANSACTION (waiting for a transaction to end), RELATION (a table lock), TUPLE (a row).
 */
public enum LockKind {
    RECORD, GAP, NEXT_KEY, INSERT_INTENTION, TABLE, TRANSACTION, RELATION, TUPLE, OTHER;

    /** Made once: every lock of every deadlock written asks for it. */
    private final String jsonName = name().toLowerCase(Locale.ROOT).replace('_', '-');

    public String jsonName() {
        return jsonName;
    }
}
