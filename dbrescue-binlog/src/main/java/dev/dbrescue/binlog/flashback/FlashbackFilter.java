package dev.dbrescue.binlog.flashback;

import dev.dbrescue.binlog.rows.RowKind;
import dev.dbrescue.binlog.tx.Transaction;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What to take from the binlogs, with mysqlbinlog's conventions where it has the same option: positions apply to the
 * first file given ({@code --start-position}) and the last ({@code --stop-position}); datetimes are the event
 * timestamps. dbrescue takes whole transactions only: a transaction is in the range when it begins at or after the
 * start and ends at or before the stop, so the summary's start and end positions select exactly one.
 * Null or empty means "no condition".
 *
 * @param tables      {@code table} or {@code database.table}
 * @param transaction a GTID, a position inside the transaction, or {@code FILE:POSITION}
 */
public record FlashbackFilter(Long startTime, Long stopTime, Long startPosition, Long stopPosition, Set<String> gtids,
                              Set<String> databases, Set<String> tables, EnumSet<RowKind> kinds, Long threadId,
                              String transaction) {

    boolean selects(Transaction tx, boolean inFirstFile, boolean inLastFile) {
        if (startTime != null && tx.time() < startTime || stopTime != null && tx.time() >= stopTime) {
            return false;
        }
        if (inFirstFile && startPosition != null && tx.start() < startPosition) {
            return false;
        }
        if (inLastFile && stopPosition != null && tx.end() > stopPosition) {
            return false;
        }
        if (!gtids.isEmpty() && (tx.gtid() == null || !gtids.contains(tx.gtid()))) {
            return false;
        }
        if (threadId != null && !threadId.equals(tx.threadId())) {
            return false;
        }
        return transaction == null || isTransaction(tx);
    }

    private boolean isTransaction(Transaction tx) {
        if (transaction.equals(tx.gtid())) {
            return true;
        }
        String file = null;
        String position = transaction;
        int colon = transaction.lastIndexOf(':');
        if (colon > 0) {
            file = transaction.substring(0, colon);
            position = transaction.substring(colon + 1);
        }
        if (position.isEmpty() || !position.chars().allMatch(Character::isDigit) || position.length() > 18) {
            return false;
        }
        if (file != null) {
            Path name = Path.of(tx.file()).getFileName();
            if (!tx.file().equals(file) && (name == null || !name.toString().equals(file))) {
                return false;
            }
        }
        long at = Long.parseLong(position);
        return tx.start() <= at && at < tx.end();
    }

    boolean selectsTable(String database, String table) {
        if (!databases.isEmpty() && !databases.contains(database)) {
            return false;
        }
        return tables.isEmpty() || tables.contains(table) || tables.contains(database + "." + table);
    }

    boolean selectsKind(RowKind kind) {
        return kinds.contains(kind);
    }

    /**
     * Whether a DDL or statement-format DML may concern the selected tables: false only when the filters plainly
     * exclude it (another default database, or no selected table named in its text).
     */
    boolean mayConcern(String defaultDatabase, String statement) {
        if (!databases.isEmpty() && !databases.contains(defaultDatabase)) {
            String text = statement == null ? "" : statement.toLowerCase(Locale.ROOT);
            return databases.stream().anyMatch(d -> text.contains(d.toLowerCase(Locale.ROOT)));
        }
        if (!tables.isEmpty()) {
            String text = statement == null ? "" : statement.toLowerCase(Locale.ROOT);
            return tables.stream().map(t -> t.substring(t.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT))
                    .anyMatch(text::contains);
        }
        return true;
    }
}
