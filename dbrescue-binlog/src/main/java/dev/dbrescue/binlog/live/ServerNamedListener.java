package dev.dbrescue.binlog.live;

import dev.dbrescue.binlog.event.TableMap;
import dev.dbrescue.binlog.rows.RowsEvent;
import dev.dbrescue.binlog.tx.Transaction;
import dev.dbrescue.binlog.tx.TransactionListener;

import java.util.function.UnaryOperator;

/** Passes the first pass on to {@code next} with the copies' paths replaced by the server's file names. */
final class ServerNamedListener implements TransactionListener {

    private final TransactionListener next;
    private final UnaryOperator<String> name;

    ServerNamedListener(TransactionListener next, UnaryOperator<String> name) {
        this.next = next;
        this.name = name;
    }

    @Override
    public void file(String file, String serverVersion) {
        next.file(name.apply(file), serverVersion);
    }

    @Override
    public void rowsEvent(String file, long offset, long length, RowsEvent event, TableMap table) {
        next.rowsEvent(name.apply(file), offset, length, event, table);
    }

    @Override
    public void warning(String file, long position, String message) {
        next.warning(name.apply(file), position, name.apply(message));
    }

    @Override
    public void transaction(Transaction tx) {
        next.transaction(named(tx, name));
    }

    /** The transaction with its file named by {@code name}. */
    static Transaction named(Transaction tx, UnaryOperator<String> name) {
        return new Transaction(tx.sequence(), name.apply(tx.file()), tx.start(), tx.end(), tx.time(), tx.gtid(),
                tx.previousGtid(), tx.threadId(), tx.changes(), tx.statement(), tx.fullRowImages());
    }
}
