package dev.dbrescue.core.deadlock.innodb;

import dev.dbrescue.core.deadlock.LockKind;

/**
 * The first line of a lock as InnoDB prints it ({@code lock_rec_print}, {@code lock_table_print}):
 * <pre>
 * RECORD LOCKS space id 0 page no 307 n bits 72 index `PRIMARY` of table `test`.`a` trx id 3405 lock_mode X locks rec but not gap waiting
 * RECORD LOCKS space id 9 page no 3 n bits 8 index PRIMARY of table `testdb`.`t1` trx id 77 lock_mode X locks rec but not gap
 * RECORD LOCKS space id 636643 page no 3 n bits 72 index "PRIMARY" of table "db"."semaphore" trx id 55984EF58 lock mode S   (ANSI_QUOTES)
 * RECORD LOCKS space id 0 page no 3662 n bits 72 index `GEN_CLUST_INDEX` of table `test/innotop_dl` trx id 0 3793488 lock_mode X waiting   (5.0)
 * TABLE LOCK table `db`.`gr_v3_response_log` trx id 3BF88F886 lock mode AUTO-INC waiting
 * </pre>
 * What the mode words mean (MySQL manual, "InnoDB Locking"): {@code locks rec but not gap} is a record lock,
 * {@code locks gap before rec} a gap lock, {@code insert intention} an insert-intention gap lock, and a plain
 * {@code lock_mode X} / {@code lock mode S} on a record a next-key lock (the record and the gap before it).
 *
 * @param object {@code space id S page no P} of a record lock (the heap number is added per record), null for a table
 * @param trxId  the owner as printed, two-part ids normalised as in {@link TransactionLines#trxId}
 */
record LockHeader(String table, String index, String mode, LockKind kind, boolean waiting, String object,
                  String trxId, String partition) {

    /** The header on this line, or null when the line is not one (or is cut before {@code trx id}). */
    static LockHeader parse(String line) {
        if (line.startsWith("RECORD LOCKS ")) {
            return record(line);
        }
        if (line.startsWith("TABLE LOCK table ")) {
            return table(line);
        }
        return null;
    }

    private static LockHeader record(String line) {
        int space = line.indexOf("space id ");
        int page = line.indexOf(" page no ");
        int index = line.indexOf(" index ");
        if (space < 0 || page < space + 9 || index < page + 9) {
            return null;
        }
        String object = "space id " + line.substring(space + 9, page).trim() + " page no "
                + firstWord(line, page + 9);
        Names.Cursor c = new Names.Cursor(line, index + 7);
        String indexName = c.name();
        if (indexName == null || !c.skip(" of table ")) {
            return null;
        }
        String table = c.qualifiedName();
        if (table == null) {
            return null;
        }
        String partition = c.partitionComment();
        return tail(line, c.position(), table, indexName, object, partition, false);
    }

    private static LockHeader table(String line) {
        Names.Cursor c = new Names.Cursor(line, "TABLE LOCK table ".length());
        String table = c.qualifiedName();
        if (table == null) {
            return null;
        }
        String partition = c.partitionComment();
        return tail(line, c.position(), table, null, null, partition, true);
    }

    /** {@code  trx id T lock_mode X locks rec but not gap waiting}: owner, mode and kind. */
    private static LockHeader tail(String line, int from, String table, String index, String object,
                                   String partition, boolean tableLock) {
        int trx = line.indexOf(" trx id ", from);
        if (trx < 0) {
            return null;
        }
        int lock = line.indexOf(" lock", trx + 8);
        if (lock < 0) {
            return null;
        }
        String trxId = TransactionLines.trxId(line.substring(trx + 8, lock).trim());
        String words = line.substring(lock + 1);
        String mode = mode(words);
        if (mode == null) {
            return null;
        }
        boolean waiting = words.endsWith(" waiting") || words.endsWith(" waiting ");
        LockKind kind;
        if (tableLock) {
            kind = LockKind.TABLE;
        } else if (words.contains("insert intention")) {
            kind = LockKind.INSERT_INTENTION;
        } else if (words.contains("locks rec but not gap")) {
            kind = LockKind.RECORD;
        } else if (words.contains("locks gap before rec")) {
            kind = LockKind.GAP;
        } else {
            kind = LockKind.NEXT_KEY;
        }
        return new LockHeader(table, index, mode, kind, waiting, object, trxId, partition);
    }

    /** {@code lock_mode X ...} or {@code lock mode AUTO-INC ...}: the mode word. */
    private static String mode(String words) {
        String rest;
        if (words.startsWith("lock_mode ")) {
            rest = words.substring(10);
        } else if (words.startsWith("lock mode ")) {
            rest = words.substring(10);
        } else {
            return null;
        }
        String mode = firstWord(rest, 0);
        return switch (mode) {
            case "S", "X", "IS", "IX", "AUTO-INC" -> mode;
            default -> null;
        };
    }

    private static String firstWord(String s, int from) {
        int end = s.indexOf(' ', from);
        return end < 0 ? s.substring(from) : s.substring(from, end);
    }
}
