package dev.dbrescue.binlog.flashback;

import dev.dbrescue.binlog.rows.RowKind;
import dev.dbrescue.binlog.tx.Transaction;
import dev.dbrescue.core.action.AuditLog;
import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;
import dev.dbrescue.core.render.Texts;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Flashback applied to a server, transaction by transaction, newest first, each checked before it is written.
 *
 * <p>With {@code execute}, each transaction runs in a transaction of its own: UPDATE and DELETE name the row by every
 * column compared exactly, so a row changed since the log was written matches nothing (0 rows: a conflict); an INSERT
 * whose key is taken again fails with a duplicate key (a conflict). A conflicting transaction is rolled back whole;
 * then the apply stops ({@link OnConflict#STOP}) or goes on with the next ({@link OnConflict#SKIP}). Every transaction
 * is audited. Without {@code execute} (the dry run) nothing is written: each statement's check is run as a read, and
 * a row is checked only at its newest change in the range, since older ones would meet the state the undo of the
 * newer leaves, not today's.
 */
public final class FlashbackApply implements FlashbackSink {

    public enum OnConflict { STOP, SKIP }

    /** How far the apply got, for a progress bar. */
    public interface Progress {
        void update(long transactionsDone, long transactionsTotal, long rowsDone, long rowsTotal);
    }

    /** A transaction that could not be applied as the log said. */
    public record Conflict(Transaction transaction, String table, String statement, String reason) {
    }

    public record Outcome(long transactions, long applied, long skipped, long rows, boolean stopped,
                          List<Conflict> conflicts, long uncheckedRows) {
    }

    /** Rows the dry run remembers as already checked; past it, rows are checked against today's state. */
    private static final int MAX_REMEMBERED = 1_000_000;
    private static final int MAX_CONFLICTS_KEPT = 100;
    /**
     * What the server says when the data moved on since the log: a key taken again (1062, 1586), a parent row gone
     * (1452) or a child row added (1451). Other refusals (a NULL into NOT NULL...) would be our error: they fail.
     */
    private static final Set<Integer> CONFLICTS = Set.of(1062, 1586, 1451, 1452);

    private final Connection connection;
    private final boolean execute;
    private final OnConflict onConflict;
    private final AuditLog audit;
    private final String target;
    private final Progress progress;
    private final Clock clock;
    private final Set<String> checked = new HashSet<>();
    private final List<Conflict> conflicts = new ArrayList<>();
    private Statement statement;
    private long total;
    private long totalRows;
    private long done;
    private long applied;
    private long skipped;
    private long rowsDone;
    private long unchecked;
    private long conflictCount;
    private boolean stopped;
    // The transaction under way.
    private SelectedTransaction current;
    private Conflict conflict;
    private long statements;

    private FlashbackApply(Connection connection, boolean execute, OnConflict onConflict, AuditLog audit,
                           String target, Progress progress, Clock clock) {
        this.connection = connection;
        this.execute = execute;
        this.onConflict = onConflict;
        this.audit = audit;
        this.target = target;
        this.progress = progress;
        this.clock = clock;
    }

    /**
     * @param forward replay the original changes (on a copy) instead of undoing them
     * @param audit  required with {@code execute}
     * @param target the server as the audit log names it (masked)
     */
    public static Outcome run(FlashbackPlan plan, Connection connection, boolean forward, boolean execute,
                              OnConflict onConflict, AuditLog audit, String target, Progress progress) {
        FlashbackApply apply = new FlashbackApply(connection, execute, onConflict, audit, target, progress,
                Clock.systemUTC());
        apply.total = plan.size();
        apply.totalRows = plan.rows();
        try (Statement s = connection.createStatement()) {
            apply.statement = s;
            s.execute("SET NAMES utf8mb4");
            s.execute("SET time_zone = '+00:00'");
            FlashbackStatements.generate(plan, forward, true, apply);
        } catch (Stop stop) {
            apply.stopped = true;
        } catch (SQLException e) {
            throw new DbRescueException(ErrorCode.ACTION_FAILED, "cannot prepare the session for flashback: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new DbRescueException(ErrorCode.BAD_INPUT, "cannot read the binlog again: " + e.getMessage(), e);
        } finally {
            try {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                    connection.setAutoCommit(true);
                }
            } catch (SQLException ignored) {
                // the connection is closed by the caller either way
            }
        }
        return new Outcome(apply.total, apply.applied, apply.skipped, apply.rowsDone, apply.stopped,
                List.copyOf(apply.conflicts), apply.unchecked);
    }

    /** Unwinds the generator when the apply stops at a conflict. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    @Override
    public void begin(SelectedTransaction transaction) {
        current = transaction;
        conflict = null;
        statements = 0;
        if (execute) {
            try {
                connection.setAutoCommit(false);
            } catch (SQLException e) {
                throw failed(transaction.transaction(), e);
            }
        }
    }

    @Override
    public void statement(FlashbackStatement s) {
        if (conflict != null) {
            return; // the transaction is lost already: rolled back at its end
        }
        statements++;
        try {
            if (execute) {
                executeChecked(s);
            } else {
                dryCheck(s);
            }
        } catch (SQLException e) {
            throw failed(current.transaction(), e);
        }
    }

    private void executeChecked(FlashbackStatement s) throws SQLException {
        long changed;
        try {
            changed = statement.executeUpdate(s.sql());
        } catch (SQLException e) {
            if (!CONFLICTS.contains(e.getErrorCode())) {
                throw e;
            }
            // A key taken again since the change (or a foreign key that no longer holds): it cannot come back.
            conflict = new Conflict(null, s.table(), s.sql(), "the server refused it: " + e.getMessage());
            return;
        }
        if (changed != s.rows()) {
            conflict = new Conflict(null, s.table(), s.sql(), changed + " of " + s.rows()
                    + " rows are as the log left them: changed again since");
        }
    }

    private void dryCheck(FlashbackStatement s) throws SQLException {
        // A row a newer change in the range touched is undone first: today's state says nothing about this change.
        List<String> unseen = new ArrayList<>();
        boolean newest = true;
        for (int i = 0; i < s.keys().size(); i++) {
            String key = s.keys().get(i);
            if (checked.contains(key)) {
                newest = false;
            } else {
                if (i < s.keyTuples().size()) {
                    unseen.add(s.keyTuples().get(i));
                }
                if (checked.size() < MAX_REMEMBERED) {
                    checked.add(key);
                } else {
                    unchecked++;
                }
            }
        }
        if (s.check() == null) {
            return; // an INSERT into a table without key: nothing can be taken; its rows are remembered all the same
        }
        if (s.kind() == RowKind.INSERT) {
            if (unseen.isEmpty()) {
                return;
            }
            long taken = count(s.checkOf(unseen));
            if (taken != 0) {
                conflict = new Conflict(null, s.table(), s.sql(), taken + " of the rows to insert have their key"
                        + " taken again");
            }
            return;
        }
        if (!newest) {
            return;
        }
        if (count(s.check()) != 1) {
            conflict = new Conflict(null, s.table(), s.sql(), "the row is not as the log left it any more (changed or"
                    + " deleted since)");
        }
    }

    private long count(String sql) throws SQLException {
        try (ResultSet r = statement.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    @Override
    public void commit(SelectedTransaction selected) {
        Transaction tx = selected.transaction();
        done++;
        if (conflict != null) {
            Conflict found = new Conflict(tx, conflict.table(), conflict.statement(), conflict.reason());
            conflictCount++;
            if (conflicts.size() < MAX_CONFLICTS_KEPT) {
                conflicts.add(found);
            }
            if (execute) {
                rollback(tx);
                record(tx, selected, onConflict == OnConflict.STOP ? "conflict" : "skipped", found);
            }
            skipped++;
            if (onConflict == OnConflict.STOP) {
                throw new Stop();
            }
        } else {
            if (execute) {
                try {
                    connection.commit();
                } catch (SQLException e) {
                    throw failed(tx, e);
                }
                record(tx, selected, "applied", null);
            }
            applied++;
            rowsDone += selected.rows();
        }
        if (progress != null) {
            progress.update(done, total, rowsDone, totalRows);
        }
    }

    private void rollback(Transaction tx) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            throw failed(tx, e);
        }
    }

    private void record(Transaction tx, SelectedTransaction selected, String result, Conflict found) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("gtid", tx.gtid());
        fields.put("binlog", tx.file());
        fields.put("start_position", tx.start());
        fields.put("end_position", tx.end());
        fields.put("rows", selected.rows());
        fields.put("statements", statements);
        if (found != null) {
            fields.put("table", found.table());
            fields.put("statement", cut(found.statement()));
            fields.put("reason", found.reason());
        }
        audit.append(clock.instant(), "flashback", target, result, fields);
    }

    private DbRescueException failed(Transaction tx, SQLException e) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // reported below; the server rolls back when the connection closes
        }
        String which = tx == null ? "the transaction under way" : "the transaction at " + tx.file() + ":" + tx.start()
                + (tx.gtid() == null ? "" : " (gtid " + tx.gtid() + ")");
        if (execute && tx != null && audit != null) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("gtid", tx.gtid());
            fields.put("binlog", tx.file());
            fields.put("start_position", tx.start());
            fields.put("error", e.getMessage());
            audit.append(clock.instant(), "flashback", target, "failed", fields);
        }
        return new DbRescueException(ErrorCode.ACTION_FAILED, "flashback failed at " + which + ": " + e.getMessage()
                + "; it was rolled back, the " + applied + " newer ones stay applied; fix the cause and run again with"
                + " the files up to it and --stop-position " + (tx == null ? "of its end" : tx.end()), e);
    }

    private static String cut(String sql) {
        return Texts.cut(sql, 500);
    }
}
