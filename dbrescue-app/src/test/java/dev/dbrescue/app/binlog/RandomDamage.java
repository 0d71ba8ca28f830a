package dev.dbrescue.app.binlog;

import dev.dbrescue.app.binlog.EveryTypeTables.Column;
import dev.dbrescue.app.binlog.EveryTypeTables.Table;
import dev.dbrescue.app.binlog.EveryTypeTables.Values;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Writes {@link EveryTypeTables}' initial rows, then the damage: seeded random INSERT, UPDATE (primary keys included)
 * and DELETE, single- and multi-row, alone or in transactions, a row changed twice in one transaction, a multi-table
 * UPDATE, DELETE without WHERE on a small table, duplicates and collation twins (same text but for case or a
 * trailing space) in the table without a primary key. Every damage
 * statement is kept in order ({@link #executed}) so that the harness can replay it to check itself.
 */
final class RandomDamage {

    /** `a b` of rows of the table without a primary key that the damage leaves alone: 'abc', 'été', 'x y'. */
    private static final List<String> UNTOUCHED = List.of("abc", "Été", "x y");

    private final Statement statement;
    private final List<Table> tables;
    private final Random random;
    private final Map<Table, Long> nextLocator = new HashMap<>();
    private final List<String> executed = new ArrayList<>();
    private boolean recording;

    RandomDamage(Statement statement, List<Table> tables, long seed) {
        this.statement = statement;
        this.tables = tables;
        this.random = new Random(seed);
    }

    /** The damage statements in the order they ran, BEGIN and COMMIT included. */
    List<String> executed() {
        return List.copyOf(executed);
    }

    void createAndFill() throws SQLException {
        for (String database : tables.stream().map(Table::database).distinct().toList()) {
            run("CREATE DATABASE " + EveryTypeTables.ident(database) + " CHARACTER SET utf8mb4");
        }
        for (Table t : tables) {
            run(t.ddl());
            int rows = t.columns().stream().mapToInt(c -> c.values().fixed().size()).max().orElse(0) + 6;
            for (int n = 0; n < rows; n++) {
                int row = n;
                String locator = n < t.firstLocators().size() ? t.firstLocators().get(n) : null;
                insert(t, List.of(row(t, v -> v.initial(row, random), locator)));
            }
            insert(t, List.of(row(t, v -> v.nullable() ? "NULL" : v.initial(0, random), null)));
            if (!t.hasPrimaryKey()) {
                for (String ab : UNTOUCHED) {
                    Map<Column, String> row = row(t, v -> v.pick(random), null);
                    row.put(t.column(t.locator()), "NULL"); // the damage finds rows by a non-null locator
                    row.put(t.column("a b"), EveryTypeTables.str(ab));
                    insert(t, List.of(row));
                }
                for (int n = 0; n < 4; n++) {
                    Map<Column, String> twin = row(t, v -> v.pick(random), null);
                    insert(t, n == 0 ? List.of(twin, twin, twin) : List.of(twin, twin));
                }
            }
        }
    }

    /**
     * First a tour that does every kind of change once on every table, then {@code operations} random ones;
     * {@code halfway} runs between two transactions in the middle (a binary log rotation).
     */
    void damage(int operations, Runnable halfway) throws SQLException {
        recording = true;
        for (Table t : tables) {
            insertRows(t, 1);
            insertRows(t, 3);
            updateOne(t);
            if (t.hasPrimaryKey()) {
                updateKey(t);
            }
            deleteOne(t);
            updateRange(t);
        }
        wipeSmallTable();
        changeTwiceInOneTransaction();
        multiTableUpdate();
        collationTwin();
        collationTwin();
        for (int n = 0; n < operations; n++) {
            if (n == operations / 2) {
                halfway.run();
            }
            Table t = tables.get(random.nextInt(tables.size()));
            int dice = random.nextInt(100);
            if (dice < 25) {
                insertRows(t, 1);
            } else if (dice < 30) {
                insertRows(t, random.nextInt(2, 6));
            } else if (dice < 50) {
                updateOne(t);
            } else if (dice < 56) {
                updateKey(t);
            } else if (dice < 68) {
                deleteOne(t);
            } else if (dice < 76) {
                updateRange(t);
            } else if (dice < 80) {
                deleteRange(t);
            } else if (dice < 92) {
                transaction();
            } else if (dice < 95) {
                changeTwiceInOneTransaction();
            } else if (dice < 96) {
                multiTableUpdate();
            } else if (dice < 98) {
                collationTwin();
            } else {
                wipeSmallTable();
            }
        }
        collationTwinsOfUntouchedRows();
        recording = false;
    }

    // ---- kinds of change ----

    private void insertRows(Table t, int count) throws SQLException {
        List<Map<Column, String>> rows = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            rows.add(row(t, v -> v.pick(random), null));
        }
        if (!t.hasPrimaryKey() && random.nextBoolean()) {
            rows.add(rows.get(0)); // a duplicate of a row, in the same statement
        }
        insert(t, rows);
    }

    private void updateOne(Table t) throws SQLException {
        String at = someLocator(t);
        if (at == null) {
            insertRows(t, 1);
            return;
        }
        run("UPDATE " + t.qualified() + " SET " + assignments(t) + whereLocator(t, at));
    }

    /** A new primary key for one row: the undo must find the row by its new key and give it back the old one. */
    private void updateKey(Table t) throws SQLException {
        if (!t.hasPrimaryKey()) {
            updateOne(t);
            return;
        }
        String at = someLocator(t);
        if (at == null) {
            insertRows(t, 1);
            return;
        }
        List<String> sets = new ArrayList<>();
        sets.add(EveryTypeTables.ident(t.locator()) + " = " + newLocator(t));
        for (String key : t.primaryKey()) {
            if (!key.equals(t.locator())) {
                sets.add(EveryTypeTables.ident(key) + " = " + t.column(key).values().pick(random));
            }
        }
        if (random.nextBoolean()) {
            sets.add(assignments(t));
        }
        run("UPDATE " + t.qualified() + " SET " + String.join(", ", sets) + whereLocator(t, at));
    }

    private void deleteOne(Table t) throws SQLException {
        String at = someLocator(t);
        if (at != null) {
            run("DELETE FROM " + t.qualified() + whereLocator(t, at));
        }
    }

    private void updateRange(Table t) throws SQLException {
        String[] range = someRange(t, 6);
        if (range != null) {
            run("UPDATE " + t.qualified() + " SET " + assignments(t) + " WHERE " + EveryTypeTables.ident(t.locator())
                    + " BETWEEN " + range[0] + " AND " + range[1]);
        }
    }

    private void deleteRange(Table t) throws SQLException {
        String[] range = someRange(t, 3);
        if (range != null) {
            run("DELETE FROM " + t.qualified() + " WHERE " + EveryTypeTables.ident(t.locator())
                    + " BETWEEN " + range[0] + " AND " + range[1]);
        }
    }

    private void transaction() throws SQLException {
        run("BEGIN");
        int steps = random.nextInt(2, 7);
        for (int n = 0; n < steps; n++) {
            Table t = tables.get(random.nextInt(tables.size()));
            switch (random.nextInt(4)) {
                case 0 -> insertRows(t, 1);
                case 1 -> updateOne(t);
                case 2 -> deleteOne(t);
                default -> updateKey(t);
            }
        }
        run("COMMIT");
    }

    /** One row updated twice in a transaction, its key changed in between: the undo must run newest first. */
    private void changeTwiceInOneTransaction() throws SQLException {
        List<Table> keyed = tables.stream().filter(Table::hasPrimaryKey).toList();
        Table t = keyed.get(random.nextInt(keyed.size()));
        String at = someLocator(t);
        if (at == null) {
            return;
        }
        String moved = newLocator(t);
        run("BEGIN");
        run("UPDATE " + t.qualified() + " SET " + assignments(t) + whereLocator(t, at));
        run("UPDATE " + t.qualified() + " SET " + EveryTypeTables.ident(t.locator()) + " = " + moved + ", "
                + assignments(t) + whereLocator(t, at));
        run("UPDATE " + t.qualified() + " SET " + assignments(t) + whereLocator(t, moved));
        run("COMMIT");
    }

    /** One statement, two tables: one event group with two table maps. */
    private void multiTableUpdate() throws SQLException {
        Table ints = table("ints");
        Table texts = table("texts");
        String[] range = someRange(ints, 8);
        if (range == null) {
            return;
        }
        run("UPDATE " + ints.qualified() + " a JOIN " + texts.qualified() + " b ON b.id = a.id SET a.ti = "
                + ints.column("ti").values().pick(random) + ", b.vc20 = " + texts.column("vc20").values().pick(random)
                + " WHERE a.id BETWEEN " + range[0] + " AND " + range[1]);
    }

    /**
     * In the table without a primary key, a copy of a row whose {@code `a b`} differs only by case or a trailing
     * space: equal under its collation (utf8mb4_general_ci, PAD SPACE), so an undo that matches rows with plain
     * {@code =} or {@code <=>} may delete or change the wrong twin.
     */
    private void collationTwin() throws SQLException {
        Table t = tables.stream().filter(x -> !x.hasPrimaryKey()).findFirst().orElseThrow();
        String at = someLocator(t);
        if (at == null) {
            return;
        }
        String ab = EveryTypeTables.ident("a b");
        String variant = switch (random.nextInt(3)) {
            case 0 -> "UPPER(" + ab + ")";
            case 1 -> "LOWER(" + ab + ")";
            default -> "LEFT(CONCAT(" + ab + ", ' '), 20)";
        };
        String columns = t.columns().stream().map(Column::quoted).collect(Collectors.joining(", "));
        String select = t.columns().stream().map(c -> c.name().equals("a b") ? variant : c.quoted())
                .collect(Collectors.joining(", "));
        run("INSERT INTO " + t.qualified() + " (" + columns + ") SELECT " + select + " FROM " + t.qualified()
                + " WHERE " + EveryTypeTables.ident(t.locator()) + " = " + at + " AND " + ab + " IS NOT NULL LIMIT 1");
    }

    /**
     * Last, twins of rows the damage never touches (NULL locator): the undo deletes them first, while the original
     * is still the first row a scan meets, so a DELETE that matches by collation rather than by bytes takes the
     * original and leaves the twin.
     */
    private void collationTwinsOfUntouchedRows() throws SQLException {
        Table t = tables.stream().filter(x -> !x.hasPrimaryKey()).findFirst().orElseThrow();
        String ab = EveryTypeTables.ident("a b");
        List<String> variants = List.of("UPPER(" + ab + ")", "LOWER(" + ab + ")", "CONCAT(" + ab + ", ' ')");
        String columns = t.columns().stream().map(Column::quoted).collect(Collectors.joining(", "));
        for (int i = 0; i < UNTOUCHED.size(); i++) {
            String variant = variants.get(i);
            String select = t.columns().stream().map(c -> c.name().equals("a b") ? variant : c.quoted())
                    .collect(Collectors.joining(", "));
            run("INSERT INTO " + t.qualified() + " (" + columns + ") SELECT " + select + " FROM " + t.qualified()
                    + " WHERE " + EveryTypeTables.ident(t.locator()) + " IS NULL AND " + ab + " = BINARY "
                    + EveryTypeTables.str(UNTOUCHED.get(i)) + " LIMIT 1");
        }
    }

    /** {@code DELETE FROM `select`} without WHERE, then a few new rows. */
    private void wipeSmallTable() throws SQLException {
        Table small = table("select");
        run("DELETE FROM " + small.qualified());
        insertRows(small, random.nextInt(2, 5));
    }

    // ---- helpers ----

    private Map<Column, String> row(Table t, Function<Values, String> value, String locator) {
        Map<Column, String> row = new LinkedHashMap<>();
        for (Column c : t.columns()) {
            if (c.name().equals(t.locator()) && t.hasPrimaryKey()) {
                row.put(c, locator != null ? locator : newLocator(t));
            } else {
                row.put(c, value.apply(c.values()));
            }
        }
        return row;
    }

    private void insert(Table t, List<Map<Column, String>> rows) throws SQLException {
        String columns = rows.get(0).keySet().stream().map(Column::quoted).collect(Collectors.joining(", "));
        String values = rows.stream().map(r -> "(" + String.join(", ", r.values()) + ")")
                .collect(Collectors.joining(", "));
        run("INSERT INTO " + t.qualified() + " (" + columns + ") VALUES " + values);
    }

    private String assignments(Table t) {
        List<Column> payload = new ArrayList<>(t.payload());
        int count = random.nextInt(10) == 0 ? payload.size() : random.nextInt(1, Math.min(4, payload.size() + 1));
        java.util.Collections.shuffle(payload, random);
        return payload.subList(0, count).stream().map(c -> c.quoted() + " = " + c.values().pick(random))
                .collect(Collectors.joining(", "));
    }

    private static String whereLocator(Table t, String at) {
        return " WHERE " + EveryTypeTables.ident(t.locator()) + " = " + at + (t.hasPrimaryKey() ? "" : " LIMIT 1");
    }

    private String newLocator(Table t) {
        long n = nextLocator.merge(t, 1L, Long::sum);
        return Long.toString(1000 + n);
    }

    private List<String> locators(Table t) throws SQLException {
        String locator = EveryTypeTables.ident(t.locator());
        List<String> all = new ArrayList<>();
        try (ResultSet r = statement.executeQuery("SELECT DISTINCT " + locator + " FROM " + t.qualified()
                + " WHERE " + locator + " IS NOT NULL ORDER BY " + locator)) {
            while (r.next()) {
                all.add(r.getString(1));
            }
        }
        return all;
    }

    private String someLocator(Table t) throws SQLException {
        List<String> all = locators(t);
        return all.isEmpty() ? null : all.get(random.nextInt(all.size()));
    }

    private String[] someRange(Table t, int span) throws SQLException {
        List<String> all = locators(t);
        if (all.isEmpty()) {
            return null;
        }
        int from = random.nextInt(all.size());
        int to = Math.min(all.size() - 1, from + random.nextInt(span));
        return new String[] {all.get(from), all.get(to)};
    }

    private Table table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    private void run(String sql) throws SQLException {
        try {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new SQLException("the test's own statement failed: " + e.getMessage() + "\n"
                    + TableStates.abbreviate(sql, 400), e.getSQLState(), e);
        }
        if (recording) {
            executed.add(sql);
        }
    }
}
