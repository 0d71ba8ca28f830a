package dev.dbrescue.binlog.summary;

import dev.dbrescue.binlog.tx.StatementKind;
import dev.dbrescue.binlog.tx.TableChange;
import dev.dbrescue.binlog.tx.Transaction;
import dev.dbrescue.binlog.tx.TransactionListener;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * Builds the summary from the first pass. Bounded memory: the top N transactions, one candidate per table, at most
 * {@link #MAX_SUSPICIOUS} flagged transactions, and one counter per (minute, table).
 * <p>
 * The rules (README, "binlog summary"), since offline we cannot count a table:
 * <ul>
 *   <li>{@code every_row}: a DELETE or UPDATE of at least {@link #MIN_ROWS} rows that touched at least as many rows
 *       as the files had shown in the table before it (rows inserted minus rows deleted by earlier transactions).
 *       Rows the table held before the first file are not known, so this can only miss, not exaggerate, the
 *       table's size. Not raised when the server annotated the statement and it has a WHERE clause.</li>
 *   <li>{@code no_where}: a DELETE or UPDATE of at least {@link #MIN_ROWS} rows whose statement, as the server
 *       annotated it (MariaDB always; MySQL with binlog_rows_query_log_events=ON), has no WHERE clause.</li>
 *   <li>{@code far_larger_on_table}: the transaction that changed the most rows of a table, when that is a DELETE
 *       or UPDATE of at least {@link #MIN_LARGE} rows and at least {@link #FACTOR} times the most rows any other
 *       transaction changed in that table.</li>
 *   <li>{@code far_larger_than_rest}: the largest transaction, when it has at least {@link #MIN_LARGE} rows and at
 *       least {@link #FACTOR} times as many as the second largest.</li>
 * </ul>
 */
public final class SummaryCollector implements TransactionListener {

    public static final int MIN_ROWS = 10;
    public static final int MIN_LARGE = 100;
    public static final int FACTOR = 10;
    public static final int MAX_SUSPICIOUS = 1000;
    public static final int MAX_NOT_REVERSIBLE = 20;
    public static final int MAX_WARNINGS = 100;

    private static final Comparator<Transaction> BY_ROWS =
            Comparator.comparingLong((Transaction t) -> t.rows()).thenComparingLong(t -> -t.sequence());

    private final int top;
    private final int requestedTop;
    private final List<String> files = new ArrayList<>();
    private final PriorityQueue<Transaction> largest = new PriorityQueue<>(BY_ROWS);
    private final Map<String, TableStats> tables = new HashMap<>();
    private final Map<Long, Suspicion> suspicious = new LinkedHashMap<>();
    private final TreeMap<Long, Map<String, long[]>> perMinute = new TreeMap<>();
    private long suspiciousDropped;
    private final List<Transaction> notReversible = new ArrayList<>();
    private long notReversibleCount;
    private final List<String> warnings = new ArrayList<>();
    private String serverVersion = "";
    private long transactions;
    private long rows;
    private long firstTime;
    private long lastTime;

    /** Per table: rows the files show in it, and the transactions that changed the most rows in it. */
    private static final class TableStats {
        long net;
        Transaction topTransaction;
        long topRows;
        long secondRows;
    }

    public SummaryCollector(int top) {
        // Two at least, to compare the largest with the next.
        this.top = Math.max(top, 2);
        this.requestedTop = top;
    }

    @Override
    public void file(String name, String version) {
        files.add(name);
        if (serverVersion.isEmpty()) {
            serverVersion = version;
        }
    }

    @Override
    public void warning(String file, long position, String message) {
        if (warnings.size() < MAX_WARNINGS) {
            warnings.add(file + " at position " + position + ": " + message);
        }
    }

    @Override
    public void transaction(Transaction tx) {
        transactions++;
        rows += tx.rows();
        if (firstTime == 0) {
            firstTime = tx.time();
        }
        lastTime = Math.max(lastTime, tx.time());
        if (!tx.reversible()) {
            notReversibleCount++;
            if (notReversible.size() < MAX_NOT_REVERSIBLE) {
                notReversible.add(tx);
            }
        }
        largest.add(tx);
        if (largest.size() > top) {
            largest.poll();
        }
        Map<String, long[]> minute = null;
        for (TableChange change : tx.changes()) {
            TableStats stats = tables.computeIfAbsent(change.table(), t -> new TableStats());
            checkEveryRow(tx, change, stats);
            int slot = switch (change.kind()) {
                case INSERT -> 0;
                case UPDATE -> 1;
                case DELETE -> 2;
                default -> -1;
            };
            if (slot >= 0) {
                if (minute == null) {
                    minute = perMinute.computeIfAbsent(tx.time() / 60 * 60, m -> new TreeMap<>());
                }
                minute.computeIfAbsent(change.table(), t -> new long[3])[slot] += change.rows();
            }
        }
        for (String table : tx.changes().stream().map(TableChange::table).distinct().toList()) {
            TableStats stats = tables.get(table);
            stats.net += tx.rows(table, StatementKind.INSERT) - tx.rows(table, StatementKind.DELETE);
            long inTable = tx.rowsIn(table);
            if (inTable > stats.topRows) {
                stats.secondRows = stats.topRows;
                stats.topRows = inTable;
                stats.topTransaction = tx;
            } else if (inTable > stats.secondRows) {
                stats.secondRows = inTable;
            }
        }
    }

    private void checkEveryRow(Transaction tx, TableChange change, TableStats stats) {
        if (change.kind() != StatementKind.DELETE && change.kind() != StatementKind.UPDATE
                || change.rows() < MIN_ROWS) {
            return;
        }
        Boolean where = WhereClause.present(change.statement());
        if (Boolean.FALSE.equals(where)) {
            flag(tx, new Reason("no_where", change.table(), change.kind(), change.rows(), "the statement has no"
                    + " WHERE clause: " + change.statement().replaceAll("\\s+", " ")));
        }
        // A statement with a WHERE that happens to cover the rows the files show is not the accident: the table
        // likely holds rows from before the first file.
        if (!Boolean.TRUE.equals(where) && stats.net > 0 && change.rows() >= stats.net) {
            flag(tx, new Reason("every_row", change.table(), change.kind(), change.rows(),
                    change.kind() + " of " + change.rows() + " rows; the files had shown " + stats.net + " rows in "
                            + change.table() + " before it (inserted minus deleted since the first file)"));
        }
    }

    private void flag(Transaction tx, Reason reason) {
        Suspicion known = suspicious.get(tx.sequence());
        if (known != null) {
            List<Reason> reasons = new ArrayList<>(known.reasons());
            reasons.add(reason);
            suspicious.put(tx.sequence(), new Suspicion(tx, List.copyOf(reasons)));
        } else if (suspicious.size() < MAX_SUSPICIOUS) {
            suspicious.put(tx.sequence(), new Suspicion(tx, List.of(reason)));
        } else {
            suspiciousDropped++;
        }
    }

    /** The summary, once all files are read. Call once: it adds the end-of-input flags. */
    public BinlogSummary summary() {
        for (var entry : new TreeMap<>(tables).entrySet()) {
            TableStats stats = entry.getValue();
            Transaction tx = stats.topTransaction;
            if (tx == null || stats.topRows < MIN_LARGE || stats.topRows < (long) FACTOR * stats.secondRows) {
                continue;
            }
            String table = entry.getKey();
            for (StatementKind kind : List.of(StatementKind.DELETE, StatementKind.UPDATE)) {
                long n = tx.rows(table, kind);
                if (n > 0) {
                    flag(tx, new Reason("far_larger_on_table", table, kind, n, "changed " + stats.topRows
                            + " rows of " + table + "; no other transaction changed more than " + stats.secondRows));
                }
            }
        }
        List<Transaction> ordered = new ArrayList<>(largest);
        ordered.sort(BY_ROWS.reversed());
        if (ordered.size() >= 2) {
            Transaction first = ordered.get(0);
            long second = ordered.get(1).rows();
            if (first.rows() >= MIN_LARGE && first.rows() >= (long) FACTOR * second) {
                flag(first, new Reason("far_larger_than_rest", null, null, first.rows(), first.rows()
                        + " rows; the next largest transaction changed " + second));
            }
        }
        List<Suspicion> flagged = new ArrayList<>(suspicious.values());
        flagged.sort(Comparator.comparing(Suspicion::transaction, BY_ROWS).reversed());
        boolean mariaDb = serverVersion.contains("MariaDB");
        RecoveryPlan plan = flagged.isEmpty() ? null : RecoveryPlan.of(flagged.get(0).transaction(), mariaDb, files);
        List<MinuteCount> minutes = new ArrayList<>();
        for (var minute : perMinute.entrySet()) {
            for (var table : new TreeMap<>(minute.getValue()).entrySet()) {
                long[] c = table.getValue();
                minutes.add(new MinuteCount(minute.getKey(), table.getKey(), c[0], c[1], c[2]));
            }
        }
        return new BinlogSummary(List.copyOf(files), serverVersion, mariaDb, transactions, rows, firstTime, lastTime,
                List.copyOf(ordered.subList(0, Math.min(ordered.size(), requestedTop))), List.copyOf(flagged),
                suspiciousDropped, List.copyOf(notReversible), notReversibleCount, minutes, plan, List.copyOf(warnings));
    }
}
