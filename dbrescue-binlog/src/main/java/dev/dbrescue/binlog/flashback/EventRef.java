package dev.dbrescue.binlog.flashback;

import dev.dbrescue.binlog.rows.RowKind;

/** One rows event to come back to in the second pass: where it is, and the table it changes. */
record EventRef(int file, long offset, int length, TableRef table, RowKind kind) {
}
