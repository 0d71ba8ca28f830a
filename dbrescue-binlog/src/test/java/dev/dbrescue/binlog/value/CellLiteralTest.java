package dev.dbrescue.binlog.value;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cell layouts checked against the servers' own descriptions: the DECIMAL example of MySQL's
 * {@code strings/decimal.cc} (1234567890.1234 as DECIMAL(14,4) is {@code 81 0D FB 38 D2 04 D2}, its negative every
 * byte inverted), and the integer, float and string rules of the row format. Every type against a real server:
 * {@code FlashbackRoundTripIT}.
 */
class CellLiteralTest {

    private static String literal(String hex, Column column) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        SqlBuffer out = new SqlBuffer(64);
        int end = CellLiteral.append(out, bytes, 0, column);
        assertThat(end).as("cell size").isEqualTo(bytes.length);
        return out.toString();
    }

    private static Column column(int type, int meta, boolean unsigned, String charset, List<String> values) {
        return new Column("c", type, meta, Column.realType(type, meta), unsigned, charset, values, false);
    }

    @Test
    void decimalsAsTheServerDescribesThem() {
        Column decimal14x4 = column(246, 14 | 4 << 8, false, null, null);
        assertThat(literal("810DFB38D204D2", decimal14x4)).isEqualTo("1234567890.1234");
        assertThat(literal("7EF204C72DFB2D", decimal14x4)).isEqualTo("-1234567890.1234");
        assertThat(literal("80000000000000", decimal14x4)).isEqualTo("0.0000");
        Column decimal5x5 = column(246, 5 | 5 << 8, false, null, null);
        assertThat(literal("800030", decimal5x5)).isEqualTo("0.00048");
    }

    @Test
    void integersBySignedness() {
        assertThat(literal("FF", column(1, 0, false, null, null))).isEqualTo("-1");
        assertThat(literal("FF", column(1, 0, true, null, null))).isEqualTo("255");
        assertThat(literal("FFFFFF", column(9, 0, false, null, null))).isEqualTo("-1");
        assertThat(literal("FFFFFF", column(9, 0, true, null, null))).isEqualTo("16777215");
        assertThat(literal("FFFFFFFFFFFFFFFF", column(8, 0, true, null, null))).isEqualTo("18446744073709551615");
        assertThat(literal("0000000000000080", column(8, 0, false, null, null))).isEqualTo("-9223372036854775808");
    }

    @Test
    void floatsAreWrittenAsTheDoubleTheyWidenTo() {
        // 0.1f: written so that the server compares the column (widened to double) with exactly this value.
        int bits = Float.floatToIntBits(0.1f);
        String le = String.format("%02X%02X%02X%02X", bits & 0xff, bits >> 8 & 0xff, bits >> 16 & 0xff, bits >>> 24);
        assertThat(literal(le, column(4, 4, false, null, null))).isEqualTo("0.10000000149011612");
    }

    @Test
    void bitsAndYearsAndDates() {
        assertThat(literal("1FFF", column(16, 5 | 1 << 8, false, null, null))).isEqualTo("8191"); // BIT(13)
        assertThat(literal("00", column(13, 0, false, null, null))).isEqualTo("0000");
        assertThat(literal("7C", column(13, 0, false, null, null))).isEqualTo("2024");
        // DATE 2024-02-29: day | month << 5 | year << 9, little-endian.
        int date = 29 | 2 << 5 | 2024 << 9;
        String hex = String.format("%02X%02X%02X", date & 0xff, date >> 8 & 0xff, date >> 16 & 0xff);
        assertThat(literal(hex, column(10, 0, false, null, null))).isEqualTo("'2024-02-29'");
    }

    @Test
    void stringsQuotedPlainlyOnlyWhenNothingCanBeMisread() {
        Column utf8 = column(15, 200, false, "utf8mb4", null);
        assertThat(literal(varchar("it's"), utf8)).isEqualTo("'it''s'");
        assertThat(literal(varchar("café 🎉"), utf8)).isEqualTo("'café 🎉'");
        assertThat(literal(varchar("back\\slash"), utf8)).isEqualTo("_utf8mb4 X'6261636B5C736C617368'");
        assertThat(literal(varchar("two\nlines"), utf8)).isEqualTo("_utf8mb4 X'74776F0A6C696E6573'");
        assertThat(literal("02C3A9", column(15, 200, false, "latin1", null))).isEqualTo("'Ã©'");
        assertThat(literal("0281FF", column(15, 200, false, "latin1", null))).isEqualTo("_latin1 X'81FF'");
        assertThat(literal("03000102", column(15, 200, false, null, null))).isEqualTo("X'000102'");
    }

    @Test
    void utf8IsCopiedOnlyWhenWellFormedAndPrintable() {
        Column utf8 = column(15, 200, false, "utf8mb4", null);
        assertThat(literal("04F09F8E89", utf8)).isEqualTo("'🎉'");
        assertThat(literal("02C0AF", utf8)).as("overlong '/'").isEqualTo("_utf8mb4 X'C0AF'");
        assertThat(literal("03EDA080", utf8)).as("a surrogate").isEqualTo("_utf8mb4 X'EDA080'");
        assertThat(literal("02E282", utf8)).as("cut short").isEqualTo("_utf8mb4 X'E282'");
        assertThat(literal("02C285", utf8)).as("C1 control NEL").isEqualTo("_utf8mb4 X'C285'");
        assertThat(literal("03E280A8", utf8)).as("line separator").isEqualTo("_utf8mb4 X'E280A8'");
        assertThat(literal("02C3A9", column(15, 200, false, "ascii", null))).isEqualTo("_ascii X'C3A9'");
        assertThat(literal("03E282AC", column(15, 200, false, "utf8mb3", null))).isEqualTo("'€'");
    }

    @Test
    void binaryIsPaddedBackToItsLength() {
        // BINARY(4): STRING with real type 254 and max length 4; the log dropped the trailing zeros.
        Column binary4 = column(254, 254 << 8 | 4, false, Collations.BINARY, null);
        assertThat(literal("024142", binary4)).isEqualTo("X'41420000'");
    }

    @Test
    void enumsAndSetsByName() {
        Column colour = column(254, 247 << 8 | 1, false, "utf8mb4", List.of("red", "it's"));
        assertThat(literal("02", colour)).isEqualTo("'it''s'");
        Column flags = column(254, 248 << 8 | 1, false, "utf8mb4", List.of("a", "b", "c"));
        assertThat(literal("05", flags)).isEqualTo("'a,c'");
        assertThat(literal("00", flags)).isEqualTo("''");
        assertThat(literal("05", column(254, 248 << 8 | 1, false, null, null))).isEqualTo("5");
    }

    private static String varchar(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return String.format("%02X", b.length) + HexFormat.of().withUpperCase().formatHex(b);
    }
}
