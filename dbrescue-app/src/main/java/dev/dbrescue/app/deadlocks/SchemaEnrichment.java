package dev.dbrescue.app.deadlocks;

import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.deadlock.Deadlock;
import dev.dbrescue.core.deadlock.DeadlockLock;
import dev.dbrescue.core.deadlock.DeadlockTransaction;
import dev.dbrescue.core.deadlock.LockKind;
import dev.dbrescue.core.deadlock.RecordField;
import dev.dbrescue.core.deadlock.analysis.AnalyzedDeadlock;
import dev.dbrescue.core.deadlock.analysis.DeadlockFingerprint;
import dev.dbrescue.core.deadlock.analysis.DeadlockPattern;
import dev.dbrescue.core.model.Engine;
import dev.dbrescue.core.spi.SchemaLookup;
import dev.dbrescue.core.spi.SchemaLookup.RecordColumn;
import dev.dbrescue.core.target.Secrets;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * {@code deadlocks parse --target}: what the live schema adds to an InnoDB deadlock report. Each index record field
 * is named after its column ({@code id=5}) and read as its type (dates, decimals, unsigned integers, enums), and a shared-to-exclusive deadlock whose shared locks sit on a table
 * that a foreign key links to is told apart as {@code foreign-key}. Each (schema, table, index) and each table is
 * looked up once per run. A failed lookup leaves the fields unnamed and says so once per table.
 */
final class SchemaEnrichment {

    private final ServerConnection server;
    private final SchemaLookup lookup;
    private final Consumer<String> warnings;
    private final Map<String, List<RecordColumn>> fieldColumns = new HashMap<>();
    private final Map<String, Boolean> inForeignKey = new HashMap<>();
    private final Set<String> warned = new LinkedHashSet<>();

    SchemaEnrichment(ServerConnection server, Consumer<String> warnings) {
        this.server = server;
        this.lookup = server.family().schemaLookup(server.server());
        this.warnings = warnings;
    }

    AnalyzedDeadlock enrich(AnalyzedDeadlock analyzed) {
        Deadlock d = analyzed.deadlock();
        if (d.engine() == Engine.POSTGRESQL) {
            return analyzed;
        }
        Deadlock named = nameFields(d, this::fieldColumns, lookup::fieldValue);
        DeadlockPattern pattern = refinePattern(analyzed.pattern(), named, this::inForeignKey);
        if (named == d && pattern == analyzed.pattern()) {
            return analyzed;
        }
        return new AnalyzedDeadlock(named, pattern, analyzed.edges(), analyzed.fingerprint(),
                pattern == analyzed.pattern() ? analyzed.shape() : DeadlockFingerprint.shape(named, pattern));
    }

    /**
     * The deadlock with every record field named by {@code columns} (schema.table, index -> columns in field order)
     * and read as its column's type by {@code values} where the report alone could not tell the type.
     */
    static Deadlock nameFields(Deadlock d, Function<DeadlockLock, List<RecordColumn>> columns,
                               BiFunction<RecordColumn, String, String> values) {
        boolean changed = false;
        List<DeadlockTransaction> out = new ArrayList<>();
        for (DeadlockTransaction t : d.transactions()) {
            List<DeadlockLock> holds = new ArrayList<>();
            for (DeadlockLock held : t.holds()) {
                holds.add(name(held, columns, values));
            }
            DeadlockLock waiting = name(t.waitingFor(), columns, values);
            if (waiting != t.waitingFor() || !holds.equals(t.holds())) {
                changed = true;
            }
            out.add(t.withLocks(holds, waiting));
        }
        return changed ? d.withTransactions(out) : d;
    }

    private static DeadlockLock name(DeadlockLock lock, Function<DeadlockLock, List<RecordColumn>> columnsOf,
                                     BiFunction<RecordColumn, String, String> values) {
        if (lock == null || lock.fields().isEmpty() || lock.supremum() || lock.table() == null || lock.index() == null) {
            return lock;
        }
        List<RecordColumn> columns = columnsOf.apply(lock);
        // A record with more fields than the table has columns was written under another definition: no guessing.
        if (columns.isEmpty() || lock.fields().stream().anyMatch(f -> f.number() < 0 || f.number() >= columns.size())) {
            return lock;
        }
        List<RecordField> fields = lock.fields().stream().map(f -> {
            RecordColumn column = columns.get(f.number());
            String value = f.length() < 0 || column.type() == null ? null : values.apply(column, f.hex());
            return f.withColumn(column.name(), value);
        }).toList();
        return new DeadlockLock(lock.table(), lock.index(), lock.mode(), lock.kind(), lock.supremum(), lock.object(), fields);
    }

    /**
     * Shared-to-exclusive becomes foreign-key when the live schema confirms what the report only hints at: the
     * shared record locks sit on a table a foreign key links to, every transaction holding or wanting them has
     * changed rows (the child insert that took them; unknown counts as possible), and no statement shown is a
     * locking read (SELECT ... FOR SHARE would explain them instead).
     */
    static DeadlockPattern refinePattern(DeadlockPattern pattern, Deadlock d, Predicate<String> inForeignKey) {
        if (pattern != DeadlockPattern.SHARED_TO_EXCLUSIVE) {
            return pattern;
        }
        boolean any = false;
        for (DeadlockTransaction t : d.transactions()) {
            if (lockingRead(t.query())) {
                return pattern;
            }
            List<DeadlockLock> locks = new ArrayList<>(t.holds());
            if (t.waitingFor() != null) {
                locks.add(t.waitingFor());
            }
            for (DeadlockLock lock : locks) {
                if (sharedRowLock(lock) && inForeignKey.test(lock.table())) {
                    if (t.undoEntries() != null && t.undoEntries() == 0) {
                        return pattern;
                    }
                    any = true;
                }
            }
        }
        return any ? DeadlockPattern.FOREIGN_KEY : pattern;
    }

    private static boolean sharedRowLock(DeadlockLock lock) {
        return "S".equals(lock.mode()) && lock.table() != null
                && (lock.kind() == LockKind.RECORD || lock.kind() == LockKind.NEXT_KEY || lock.kind() == LockKind.GAP);
    }

    private static boolean lockingRead(String query) {
        if (query == null) {
            return false;
        }
        String q = query.toLowerCase(Locale.ROOT);
        return q.contains("lock in share mode") || q.contains("for share") || q.contains("for update");
    }

    private List<RecordColumn> fieldColumns(DeadlockLock lock) {
        String[] name = split(lock.table());
        if (name == null) {
            return List.of();
        }
        return fieldColumns.computeIfAbsent(lock.table() + "\u0000" + lock.index(), k -> {
            try {
                return lookup.recordColumns(server.connection(), name[0], name[1], lock.index());
            } catch (SQLException e) {
                warnOnce(lock.table(), e);
                return List.of();
            }
        });
    }

    private boolean inForeignKey(String table) {
        String[] name = split(table);
        if (name == null) {
            return false;
        }
        return inForeignKey.computeIfAbsent(table, k -> {
            try {
                return !lookup.foreignKeys(server.connection(), name[0], name[1]).isEmpty();
            } catch (SQLException e) {
                warnOnce(table, e);
                return false;
            }
        });
    }

    /**
     * {@code schema.table} as the InnoDB parser writes it, unquoted: the schema ends at the first dot (a schema name
     * with a dot in it is not told apart; its table is then not found and stays unnamed).
     */
    static String[] split(String table) {
        int dot = table == null ? -1 : table.indexOf('.');
        return dot <= 0 || dot == table.length() - 1 ? null : new String[]{table.substring(0, dot), table.substring(dot + 1)};
    }

    private void warnOnce(String table, SQLException e) {
        if (warned.add(table)) {
            warnings.accept("cannot read the schema of " + table + " on " + server.target() + " ("
                    + Secrets.scrub(e.getMessage(), server.target().password()) + "); its record fields stay unnamed.");
        }
    }
}
