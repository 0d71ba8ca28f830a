package dev.dbrescue.binlog.tx;

import dev.dbrescue.binlog.event.TableMap;
import dev.dbrescue.binlog.rows.RowsEvent;

/** Receives the first pass's results in file order. */
public interface TransactionListener {

    /** Called when a file's format description is read. */
    default void file(String name, String serverVersion) {
    }

    /**
     * Each rows event of the current transaction, with its offset in the file and the table map it refers to: what
     * the flashback index keeps (the body's row ranges come from {@link RowsEvent#walk}).
     */
    default void rowsEvent(String file, long offset, long length, RowsEvent event, TableMap table) {
    }

    /**
     * A rows event inside a MySQL compressed transaction (TRANSACTION_PAYLOAD): the payload event's place in the file,
     * and the rows event's place in the payload once decompressed.
     */
    default void rowsEventInPayload(String file, long payloadOffset, long payloadLength, long innerOffset,
                                    int innerLength, RowsEvent event, TableMap table) {
    }

    /** Something the user should know that does not stop the reading, e.g. files given out of order. */
    default void warning(String file, long position, String message) {
    }

    void transaction(Transaction transaction);
}
