package dev.dbrescue.app.binlog;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Tables holding every column type that issue 5 asks {@code dbrescue flashback} to get right, with values that
 * break naive decoders: integer extremes, DECIMAL(65,30), float bits, BIT(64) with the top bit set, negative and
 * fractional TIME, zero dates, TIMESTAMPs around a DST change, CHAR over 255 bytes, latin1 (which is cp1252 in
 * MariaDB: '€' is 0x80), gbk and utf8mb3 columns, BINARY with trailing zero bytes, a 300-member ENUM and a 64-member SET, JSON text with raw
 * newlines, geometry with an SRID, NULL everywhere it is allowed, and hostile identifiers (backtick, space, quotes,
 * reserved words, accents). One table has a composite primary key, one has none and holds duplicate rows.
 * <p>
 * Values are SQL literals, written by this class, so that the damage can be replayed as text; strings keep their raw
 * newlines and tabs, so the statements' text (MariaDB's Annotate_rows events) is hostile too.
 */
final class EveryTypeTables {

    static final String DB = "rt";
    static final String ODD_DB = "rt café";

    /** How a dump shows a column: its exact bytes, a FLOAT widened to DOUBLE (all its bits), or its text. */
    enum Shown { HEX, FLOAT, TEXT }

    /**
     * What goes into a column: fixed values that must each appear once at least (the extremes), a random source,
     * and whether NULL is allowed.
     */
    record Values(List<String> fixed, Function<Random, String> random, boolean nullable) {

        /** The value of the n-th initial row: the fixed values in turn, then random ones. */
        String initial(int n, Random r) {
            return n < fixed.size() ? fixed.get(n) : random.apply(r);
        }

        String pick(Random r) {
            int dice = r.nextInt(10);
            if (nullable && dice == 0) {
                return "NULL";
            }
            if (!fixed.isEmpty() && dice <= 3) {
                return fixed.get(r.nextInt(fixed.size()));
            }
            return random.apply(r);
        }

        Values notNull() {
            return new Values(fixed, random, false);
        }
    }

    record Column(String name, String type, Shown shown, Values values) {
        String quoted() {
            return ident(name);
        }
    }

    /**
     * A table; {@code locator} is the integer column the damage uses to find rows (unique where there is a primary
     * key, deliberately not where there is none); {@code firstLocators} are locator values for the first rows.
     */
    record Table(String database, String name, List<Column> columns, List<String> primaryKey, String locator,
                 List<String> firstLocators) {

        String qualified() {
            return ident(database) + "." + ident(name);
        }

        Column column(String columnName) {
            return columns.stream().filter(c -> c.name().equals(columnName)).findFirst().orElseThrow();
        }

        boolean hasPrimaryKey() {
            return !primaryKey.isEmpty();
        }

        /** The columns the damage may change freely: not the locator, not the primary key. */
        List<Column> payload() {
            return columns.stream().filter(c -> !c.name().equals(locator) && !primaryKey.contains(c.name())).toList();
        }

        String ddl() {
            String body = columns.stream()
                    .map(c -> c.quoted() + " " + c.type() + (c.values().nullable() ? " NULL" : " NOT NULL"))
                    .collect(Collectors.joining(", "));
            if (hasPrimaryKey()) {
                body += ", PRIMARY KEY (" + primaryKey.stream().map(EveryTypeTables::ident)
                        .collect(Collectors.joining(", ")) + ")";
            }
            return "CREATE TABLE " + qualified() + " (" + body + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";
        }

        @Override
        public String toString() {
            return qualified();
        }
    }

    private final ZoneId zone;

    /** {@code zone}: the time zone of the session that writes the data, for TIMESTAMP literals. */
    EveryTypeTables(ZoneId zone) {
        this.zone = zone;
    }

    List<Table> tables() {
        return List.of(integers(), numbers(), times(), texts(), binaries(), documents(), noPrimaryKey(), smallOdd());
    }

    // ---- the tables ----

    private Table integers() {
        return new Table(DB, "ints", List.of(
                new Column("id", "INT", Shown.TEXT, serial()),
                new Column("ti", "TINYINT", Shown.TEXT, integer(-128, 127)),
                new Column("tu", "TINYINT UNSIGNED", Shown.TEXT, integer(0, 255)),
                new Column("si", "SMALLINT", Shown.TEXT, integer(-32768, 32767)),
                new Column("su", "SMALLINT UNSIGNED", Shown.TEXT, integer(0, 65535)),
                new Column("mi", "MEDIUMINT", Shown.TEXT, integer(-8388608, 8388607)),
                new Column("mu", "MEDIUMINT UNSIGNED", Shown.TEXT, integer(0, 16777215)),
                new Column("ii", "INT", Shown.TEXT, integer(Integer.MIN_VALUE, Integer.MAX_VALUE)),
                new Column("iu", "INT UNSIGNED", Shown.TEXT, integer(0, 4294967295L)),
                new Column("bi", "BIGINT", Shown.TEXT, new Values(List.of("-9223372036854775808",
                        "9223372036854775807", "0", "-1", "1"), r -> Long.toString(r.nextLong()), true)),
                new Column("bu", "BIGINT UNSIGNED", Shown.TEXT, new Values(List.of("18446744073709551615",
                        "9223372036854775808", "0", "1", "9223372036854775807"),
                        r -> Long.toUnsignedString(r.nextLong()), true))),
                List.of("id"), "id", List.of());
    }

    private Table numbers() {
        return new Table(DB, "numbers", List.of(
                new Column("id", "BIGINT UNSIGNED", Shown.TEXT, serial()),
                new Column("d1", "DECIMAL(1,0)", Shown.TEXT, decimal(1, 0)),
                new Column("d52", "DECIMAL(5,2)", Shown.TEXT, decimal(5, 2)),
                new Column("d44", "DECIMAL(4,4)", Shown.TEXT, decimal(4, 4)),
                new Column("d100", "DECIMAL(10,0)", Shown.TEXT, decimal(10, 0)),
                new Column("d189", "DECIMAL(18,9)", Shown.TEXT, decimal(18, 9)),
                new Column("d2010", "DECIMAL(20,10)", Shown.TEXT, decimal(20, 10)),
                new Column("d3517", "DECIMAL(35,17)", Shown.TEXT, decimal(35, 17)),
                new Column("d6530", "DECIMAL(65,30)", Shown.TEXT, decimal(65, 30)),
                new Column("d650", "DECIMAL(65,0)", Shown.TEXT, decimal(65, 0)),
                new Column("f", "FLOAT", Shown.FLOAT, floats()),
                new Column("dbl", "DOUBLE", Shown.TEXT, doubles()),
                new Column("b1", "BIT(1)", Shown.HEX, bits(1)),
                new Column("b13", "BIT(13)", Shown.HEX, bits(13)),
                new Column("b64", "BIT(64)", Shown.HEX, bits(64))),
                // unsigned primary keys above the signed range, in the WHERE of the undo
                List.of("id"), "id", List.of("18446744073709551615", "9223372036854775808"));
    }

    private Table times() {
        return new Table(DB, "times", List.of(
                new Column("day", "DATE", Shown.TEXT, new Values(List.of("'1000-01-01'", "'9999-12-31'",
                        "'2024-02-29'"), r -> date(r), false)),
                new Column("seq", "INT", Shown.TEXT, serial()),
                new Column("d", "DATE", Shown.TEXT, new Values(List.of("'0000-00-00'", "'1000-01-01'",
                        "'9999-12-31'", "'1970-01-01'", "'2024-02-29'"), r -> date(r), true)),
                new Column("dt0", "DATETIME", Shown.TEXT, datetimes(0)),
                new Column("dt1", "DATETIME(1)", Shown.TEXT, datetimes(1)),
                new Column("dt3", "DATETIME(3)", Shown.TEXT, datetimes(3)),
                new Column("dt6", "DATETIME(6)", Shown.TEXT, datetimes(6)),
                new Column("ts0", "TIMESTAMP", Shown.TEXT, timestamps(0)),
                new Column("ts3", "TIMESTAMP(3)", Shown.TEXT, timestamps(3)),
                new Column("ts6", "TIMESTAMP(6)", Shown.TEXT, timestamps(6)),
                new Column("t0", "TIME", Shown.TEXT, times(0, List.of("'-838:59:59'", "'838:59:59'",
                        "'00:00:00'", "'-00:00:01'", "'-12:00:00'"))),
                new Column("t3", "TIME(3)", Shown.TEXT, times(3, List.of("'-00:00:00.001'", "'838:59:59.999'",
                        "'-838:59:59.999'", "'00:00:00.000'"))),
                new Column("t6", "TIME(6)", Shown.TEXT, times(6, List.of("'-838:59:59'", "'-00:00:01.5'",
                        "'12:34:56.000001'", "'-00:00:00.000001'", "'838:59:59.999999'"))),
                new Column("y", "YEAR", Shown.TEXT, new Values(List.of("'1901'", "'2155'", "'0000'", "'2024'"),
                        r -> Integer.toString(r.nextInt(1901, 2156)), true))),
                List.of("day", "seq"), "seq", List.of());
    }

    private Table texts() {
        List<String> bigEnum = IntStream.range(0, 300).mapToObj(i -> i == 150 ? "ünï 😀" : String.format("v%03d", i))
                .toList();
        List<String> setMembers = List.of("a", "b", "c d", "it's", "é", "😀", "x", "y", "z", "w");
        List<String> set64 = IntStream.range(0, 64).mapToObj(i -> String.format("m%02d", i)).toList();
        List<String> enumMembers = List.of("small", "médium", "it's", "a\"b", "back\\slash", "😀", "with space");
        return new Table(DB, "texts", List.of(
                new Column("id", "INT", Shown.TEXT, serial()),
                new Column("c10", "CHAR(10)", Shown.TEXT, text(10, 40, List.of("", "é😀'\"\\", "trailing  "))),
                // CHAR(100) in utf8mb4 can take 400 bytes: the binlog metadata encodes such CHARs specially
                new Column("c100", "CHAR(100)", Shown.TEXT, text(100, 400, List.of("x".repeat(100), "😀".repeat(100)))),
                new Column("vc20", "VARCHAR(20)", Shown.TEXT, text(20, 80, List.of("", "a\0b", "line\nbreak\ttab"))),
                new Column("vc300", "VARCHAR(300)", Shown.TEXT, text(300, 1200, List.of("😀".repeat(300),
                        "spaces at the end   "))),
                new Column("tt", "TINYTEXT", Shown.TEXT, text(255, 255, List.of("é".repeat(127)))),
                new Column("tx", "TEXT", Shown.TEXT, text(200, 65535, List.of("é".repeat(30000) + "😀".repeat(1000),
                        "-- not a comment;\n/* nor this */ '; DROP TABLE x; --"))),
                new Column("mt", "MEDIUMTEXT", Shown.TEXT, text(300, 16777215, List.of("é".repeat(70000),
                        "\r\n\r\n\u001a\u2028\uFEFF"))),
                new Column("lat", "VARCHAR(50) CHARACTER SET latin1", Shown.TEXT, latin1()),
                new Column("gbk", "VARCHAR(20) CHARACTER SET gbk", Shown.TEXT, new Values(
                        List.of(str("中文"), str("表\\'"), str("")),
                        r -> str(randomText(r, 20, 80, GBK_PIECES)), true)),
                new Column("u3", "VARCHAR(20) CHARACTER SET utf8mb3", Shown.TEXT, new Values(
                        List.of(str("é中\0"), str("")), r -> str(randomText(r, 20, 60, UTF8MB3_PIECES)), true)),
                new Column("e", enumType(enumMembers), Shown.TEXT, new Values(
                        enumMembers.stream().map(EveryTypeTables::str).toList(),
                        r -> str(enumMembers.get(r.nextInt(enumMembers.size()))), true)),
                new Column("e300", enumType(bigEnum), Shown.TEXT, new Values(
                        List.of(str("v000"), str("v299"), str("ünï 😀")),
                        r -> str(bigEnum.get(r.nextInt(bigEnum.size()))), true)),
                new Column("s10", "SET(" + setMembers.stream().map(EveryTypeTables::str)
                        .collect(Collectors.joining(",")) + ")", Shown.TEXT, new Values(
                        List.of(str(""), str("a"), str("c d,it's,😀"), str(String.join(",", setMembers))),
                        r -> subset(r, setMembers), true)),
                new Column("s64", "SET(" + set64.stream().map(EveryTypeTables::str)
                        .collect(Collectors.joining(",")) + ")", Shown.TEXT, new Values(
                        List.of(str(""), str("m63"), str("m00,m63"), str(String.join(",", set64))),
                        r -> subset(r, set64), true))),
                List.of("id"), "id", List.of());
    }

    private Table binaries() {
        byte[] everyByte = new byte[256];
        for (int i = 0; i < 256; i++) {
            everyByte[i] = (byte) i;
        }
        return new Table(DB, "binaries", List.of(
                new Column("id", "INT", Shown.TEXT, serial()),
                new Column("b8", "BINARY(8)", Shown.HEX, new Values(List.of("x'6162'", "x'0000000000000000'",
                        "x'FFFFFFFFFFFFFFFF'", "x'00FF00FF00000000'", "x''"), r -> bytes(r, 8, true), true)),
                new Column("vb", "VARBINARY(300)", Shown.HEX, new Values(List.of("x''", "x'00'", hex(everyByte),
                        "x'41000000'"), r -> bytes(r, 300, false), true)),
                new Column("tb", "TINYBLOB", Shown.HEX, new Values(List.of(hex(filled(255, 0xFF)), "x''"),
                        r -> bytes(r, 255, false), true)),
                new Column("bl", "BLOB", Shown.HEX, new Values(List.of(hex(pattern(65535)), "x'00'"),
                        r -> bytes(r, 2000, false), true)),
                new Column("mb", "MEDIUMBLOB", Shown.HEX, new Values(List.of(hex(pattern(100_000)), "x'5C27'"),
                        r -> bytes(r, 2000, false), true)),
                new Column("lb", "LONGBLOB", Shown.HEX, new Values(List.of(hex(pattern(300_000)), hex(everyByte)),
                        r -> bytes(r, 3000, true), true))),
                List.of("id"), "id", List.of());
    }

    private Table documents() {
        return new Table(DB, "docs", List.of(
                new Column("id", "INT", Shown.TEXT, serial()),
                new Column("j", "JSON", Shown.TEXT, new Values(List.of(
                        str("{\"a\": [1, 2.5, null, true, false], \"ü\": \"😀\", \"q\": \"it's \\\"x\\\"\"}"),
                        str("[]"), str("{}"), str("null"), str("\"string\""), str("12345678901234567890"),
                        str("-1.5e300"), str("{\n  \"pretty\": [\n    1,\n\t2\n  ]\n}"),
                        str("{\"nested\": {\"deep\": [[[[1]]]]}, \"nul\": \"\\u0000\", \"tab\": \"\\t\"}")),
                        EveryTypeTables::json, true)),
                new Column("g", "GEOMETRY", Shown.HEX, new Values(List.of(
                        geometry("POINT(0 0)", 0), geometry("LINESTRING(0 0,1 1,2 -3.5)", 0),
                        geometry("POLYGON((0 0,10 0,10 10,0 10,0 0),(2 2,3 2,3 3,2 2))", 4326),
                        geometry("MULTIPOINT(1 1,2 2)", 0),
                        geometry("GEOMETRYCOLLECTION(POINT(1 1),LINESTRING(0 0,1 1))", 3857)),
                        r -> r.nextBoolean() ? point(r) : polygon(r), true)),
                new Column("p", "POINT", Shown.HEX, new Values(List.of(geometry("POINT(-180 90)", 4326),
                        geometry("POINT(1.5 -2.25)", 0)), EveryTypeTables::point, true)),
                new Column("poly", "POLYGON", Shown.HEX, new Values(List.of(
                        geometry("POLYGON((0 0,1 0,1 1,0 0))", 0)), EveryTypeTables::polygon, true))),
                List.of("id"), "id", List.of());
    }

    /**
     * No primary key: the undo must find rows by all their columns, with duplicates (LIMIT 1), NULLs (not
     * {@code = NULL}), a FLOAT (the value as stored, not as typed), BINARY padded with zero bytes, and values that
     * differ only by case or trailing spaces under a case-insensitive, PAD SPACE collation.
     */
    private Table noPrimaryKey() {
        return new Table(ODD_DB, "odd`name", List.of(
                new Column("select", "INT", Shown.TEXT, new Values(List.of("0", "1"),
                        r -> Integer.toString(r.nextInt(10)), true)),
                new Column("a b", "VARCHAR(20) COLLATE utf8mb4_general_ci", Shown.TEXT, new Values(
                        List.of(str("abc"), str("ABC"), str("abc "), str("Été"), str("ete")),
                        r -> str(randomText(r, 20, 80, UTF8_PIECES)), true)),
                new Column("it's \"q\"", "TEXT", Shown.TEXT, text(40, 65535, List.of("it's \"q\"\n"))),
                new Column("café", "DECIMAL(8,2)", Shown.TEXT, decimal(8, 2)),
                new Column("x`y", "DOUBLE", Shown.TEXT, doubles()),
                new Column("f", "FLOAT", Shown.FLOAT, floats()),
                new Column("bin", "BINARY(4)", Shown.HEX, new Values(List.of("x'01'", "x'0100'", "x''"),
                        r -> bytes(r, 4, true), true)),
                new Column("ts", "TIMESTAMP(3)", Shown.TEXT, timestamps(3))),
                List.of(), "select", List.of());
    }

    /** Small, so that the damage can delete all of it without a WHERE; a composite key with a string in it. */
    private Table smallOdd() {
        return new Table(ODD_DB, "select", List.of(
                new Column("from", "INT", Shown.TEXT, serial()),
                new Column("a b", "VARCHAR(20) COLLATE utf8mb4_bin", Shown.TEXT, new Values(
                        List.of(str("it's"), str("a\\b"), str("😀"), str("`"), str("")),
                        r -> str(randomText(r, 20, 80, UTF8_PIECES)), false)),
                new Column("x`y", "INT", Shown.TEXT, integer(Integer.MIN_VALUE, Integer.MAX_VALUE)),
                new Column("\"dq\"", "VARCHAR(30)", Shown.TEXT, text(30, 120, List.of("\"", "'"))),
                new Column("café", "TIMESTAMP(3)", Shown.TEXT, timestamps(3)),
                new Column("ü", "SET('a','b','c')", Shown.TEXT, new Values(List.of(str(""), str("a,b,c")),
                        r -> subset(r, List.of("a", "b", "c")), true)),
                new Column("desc", "TEXT", Shown.TEXT, text(30, 65535, List.of("DESC")))),
                List.of("from", "a b"), "from", List.of());
    }

    // ---- values ----

    private static final List<String> UTF8_PIECES = List.of("a", "Z", "0", " ", "é", "ü", "ß", "中", "文", "😀", "🎉",
            "👩‍👩‍👧", "'", "\"", "\\", "\0", "\n", "\t", "\r", "\u001a", "`", ";", "--", "/*", "*/", "%", "_", "\u2028",
            "\uFEFF", "x'00'", "NULL");

    /** MariaDB's latin1 is cp1252: '€', 'Œ' and '™' are single bytes in 0x80-0x9F. */
    private static final List<String> LATIN1_PIECES = List.of("a", "é", "ß", "ÿ", "£", "€", "Œ", "™", "'", "\\",
            "\n", "\0", " ", "\t", "\"");

    private static final List<String> GBK_PIECES = List.of("中", "文", "表", "a", "'", "\\", " ", "\n", "\0");

    /** The legacy 3-byte utf8: no emoji. */
    private static final List<String> UTF8MB3_PIECES = List.of("a", "é", "中", "'", "\\", "\n", "\0", "\u2028");

    /** A primary key value: never drawn at random, the damage numbers rows itself. */
    private static Values serial() {
        return new Values(List.of(), r -> {
            throw new IllegalStateException("serial columns are numbered by the caller");
        }, false);
    }

    private static Values integer(long min, long max) {
        List<String> fixed = new ArrayList<>(List.of(Long.toString(min), Long.toString(max), "0", "1"));
        if (min < 0) {
            fixed.add("-1");
        }
        return new Values(fixed, r -> Long.toString(r.nextLong(min, max + 1)), true);
    }

    private static Values decimal(int precision, int scale) {
        int integerDigits = precision - scale;
        String nines = "9".repeat(integerDigits);
        String fraction = scale == 0 ? "" : "." + "9".repeat(scale);
        List<String> fixed = new ArrayList<>(List.of((integerDigits == 0 ? "0" : nines) + fraction,
                "-" + (integerDigits == 0 ? "0" : nines) + fraction, "0"));
        if (scale > 0) {
            fixed.add("-0." + "0".repeat(scale - 1) + "1");
            fixed.add("0." + "0".repeat(scale - 1) + "1");
        }
        return new Values(fixed, r -> {
            StringBuilder b = new StringBuilder(r.nextBoolean() ? "-" : "");
            int digits = integerDigits == 0 ? 0 : r.nextInt(integerDigits + 1);
            b.append(digits == 0 ? "0" : Integer.toString(r.nextInt(1, 10)));
            for (int i = 1; i < digits; i++) {
                b.append(r.nextInt(10));
            }
            if (scale > 0) {
                b.append('.');
                for (int i = 0; i < scale; i++) {
                    b.append(r.nextInt(10));
                }
            }
            return b.toString();
        }, true);
    }

    private static Values floats() {
        return new Values(List.of("0", "1.5", "-3.25E10", "3.4028234E38", "-3.4028234E38", "1.17549435E-38",
                "0.1", "16777217", "-7.006492E-45"),
                r -> Float.toString((float) (r.nextGaussian() * Math.pow(10, r.nextInt(-20, 20)))), true);
    }

    private static Values doubles() {
        return new Values(List.of("0", "-1.5", "1.7976931348623157E308", "-1.7976931348623157E308", "4.9E-324",
                "2.2250738585072014E-308", "0.1", "123456789012345678", "0.30000000000000004"), r -> {
            double d;
            do {
                d = Double.longBitsToDouble(r.nextLong());
            } while (!Double.isFinite(d));
            return Double.toString(d);
        }, true);
    }

    private static Values bits(int width) {
        long mask = width == 64 ? -1L : (1L << width) - 1;
        List<String> fixed = new ArrayList<>(List.of(bit(0), bit(mask), bit(1)));
        if (width > 1) {
            fixed.add(bit(1L << (width - 1)));
        }
        return new Values(fixed, r -> bit(r.nextLong() & mask), true);
    }

    private static String bit(long value) {
        return "b'" + Long.toBinaryString(value) + "'";
    }

    private static String date(Random r) {
        long first = LocalDate.of(1000, 1, 1).toEpochDay();
        long last = LocalDate.of(9999, 12, 31).toEpochDay();
        return "'" + LocalDate.ofEpochDay(r.nextLong(first, last + 1)) + "'";
    }

    private static String fraction(Random r, int digits) {
        if (digits == 0) {
            return "";
        }
        StringBuilder b = new StringBuilder(".");
        for (int i = 0; i < digits; i++) {
            b.append(r.nextInt(10));
        }
        return b.toString();
    }

    private static Values datetimes(int digits) {
        String top = digits == 0 ? "" : "." + "9".repeat(digits);
        String bottom = digits == 0 ? "" : "." + "0".repeat(digits - 1) + "1";
        return new Values(List.of("'1000-01-01 00:00:00'", "'9999-12-31 23:59:59" + top + "'",
                "'0000-00-00 00:00:00'", "'2021-03-28 02:30:00" + bottom + "'", "'1970-01-01 00:00:00'"), r -> {
            String day = date(r);
            return day.substring(0, day.length() - 1) + String.format(" %02d:%02d:%02d", r.nextInt(24),
                    r.nextInt(60), r.nextInt(60)) + fraction(r, digits) + "'";
        }, true);
    }

    /**
     * TIMESTAMP literals in the writing session's zone: the first and last second TIMESTAMP can hold, the zero
     * value, and in Europe/Paris a local time that exists twice (October) and one just after the spring gap.
     */
    private Values timestamps(int digits) {
        DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        String top = digits == 0 ? "" : "." + "9".repeat(digits);
        String half = digits == 0 ? "" : ".5" + "0".repeat(digits - 1);
        List<String> fixed = List.of(
                "'" + format.format(LocalDateTime.ofInstant(Instant.ofEpochSecond(1), zone)) + "'",
                "'" + format.format(LocalDateTime.ofInstant(Instant.ofEpochSecond(Integer.MAX_VALUE), zone)) + top + "'",
                "'0000-00-00 00:00:00'",
                "'2021-10-31 02:30:00" + half + "'",
                "'2021-10-31 01:59:59" + top + "'",
                "'2021-03-28 03:00:00'",
                "'2021-03-28 01:59:59" + top + "'");
        return new Values(fixed, r -> {
            Instant instant = Instant.ofEpochSecond(r.nextLong(1, Integer.MAX_VALUE));
            return "'" + format.format(LocalDateTime.ofInstant(instant, zone)) + fraction(r, digits) + "'";
        }, true);
    }

    private static Values times(int digits, List<String> fixed) {
        return new Values(fixed, r -> String.format("'%s%02d:%02d:%02d%s'", r.nextBoolean() ? "-" : "",
                r.nextInt(839), r.nextInt(60), r.nextInt(60), fraction(r, digits)), true);
    }

    /** Random text up to {@code maxChars} characters and {@code maxBytes} UTF-8 bytes; fixed values as given. */
    private static Values text(int maxChars, int maxBytes, List<String> fixed) {
        List<String> all = new ArrayList<>(List.of(str(""), str("NULL"), str("'"), str("\\"), str("😀é\0\n\t\r")));
        fixed.forEach(f -> all.add(str(f)));
        return new Values(all, r -> str(randomText(r, maxChars, maxBytes, UTF8_PIECES)), true);
    }

    private static Values latin1() {
        return new Values(List.of(str("café"), str("€ Œ ™"), str("ÿ£ß"), str(""), str("it's \\ \"q\"\0")),
                r -> str(randomText(r, 50, 50, LATIN1_PIECES)), true);
    }

    static String randomText(Random r, int maxChars, int maxBytes, List<String> pieces) {
        int target = r.nextInt(Math.min(maxChars, 60) + 1);
        StringBuilder b = new StringBuilder();
        while (true) {
            String piece = pieces.get(r.nextInt(pieces.size()));
            String next = b + piece;
            if (next.codePointCount(0, next.length()) > Math.min(target, maxChars)
                    || next.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
                return b.toString();
            }
            b.append(piece);
        }
    }

    private static String subset(Random r, List<String> members) {
        return str(members.stream().filter(m -> r.nextInt(3) == 0).collect(Collectors.joining(",")));
    }

    private static String enumType(List<String> members) {
        return "ENUM(" + members.stream().map(EveryTypeTables::str).collect(Collectors.joining(",")) + ")";
    }

    private static String bytes(Random r, int max, boolean trailingZeros) {
        byte[] b = new byte[r.nextInt(max + 1)];
        r.nextBytes(b);
        if (trailingZeros && b.length > 1) {
            for (int i = b.length / 2; i < b.length; i++) {
                b[i] = 0;
            }
        }
        return hex(b);
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }

    /** Every byte value many times over, ending in zero bytes. */
    private static byte[] pattern(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length - 16; i++) {
            b[i] = (byte) (i * 31 + i / 256);
        }
        return b;
    }

    private static String json(Random r) {
        StringBuilder b = new StringBuilder("{");
        int keys = r.nextInt(4);
        for (int i = 0; i < keys; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(jsonString(randomText(r, 10, 40, UTF8_PIECES))).append(": ");
            switch (r.nextInt(5)) {
                case 0 -> b.append(r.nextLong());
                case 1 -> b.append(r.nextDouble());
                case 2 -> b.append(jsonString(randomText(r, 30, 120, UTF8_PIECES)));
                case 3 -> b.append("[true, false, null]");
                default -> b.append("{\"k\": ").append(r.nextInt()).append('}');
            }
        }
        return str(b.append('}').toString());
    }

    private static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.chars().forEach(c -> {
            if (c == '"' || c == '\\') {
                b.append('\\').append((char) c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.append((char) c);
            }
        });
        return b.append('"').toString();
    }

    private static String geometry(String wkt, int srid) {
        return "ST_GeomFromText('" + wkt + "', " + srid + ")";
    }

    private static String coordinate(Random r) {
        return Double.toString(r.nextInt(-180_000, 180_001) / 1000.0);
    }

    private static String point(Random r) {
        return geometry("POINT(" + coordinate(r) + " " + coordinate(r) + ")", r.nextBoolean() ? 0 : 4326);
    }

    private static String polygon(Random r) {
        String a = coordinate(r) + " " + coordinate(r);
        return geometry("POLYGON((" + a + "," + coordinate(r) + " " + coordinate(r) + "," + coordinate(r) + " "
                + coordinate(r) + "," + a + "))", r.nextBoolean() ? 0 : 4326);
    }

    // ---- SQL text ----

    static String ident(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** A string literal: quotes, backslashes and NUL escaped; newlines, tabs and CR left raw on purpose. */
    static String str(String s) {
        StringBuilder b = new StringBuilder("'");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\'' -> b.append("\\'");
                case '\0' -> b.append("\\0");
                default -> b.append(c);
            }
        }
        return b.append('\'').toString();
    }

    static String hex(byte[] bytes) {
        return "x'" + HexFormat.of().withUpperCase().formatHex(bytes) + "'";
    }
}
