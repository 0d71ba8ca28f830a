package dev.dbrescue.binlog.rows;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CellSizesTest {

    @Test
    void decimalSizesFollowTheNineDigitGroups() {
        assertThat(CellSizes.decimalSize(20, 6)).isEqualTo(10);
        assertThat(CellSizes.decimalSize(10, 2)).isEqualTo(5);
        assertThat(CellSizes.decimalSize(65, 30)).isEqualTo(30);
        // As the table map gives it: precision low byte, scale high byte.
        assertThat(CellSizes.size(246, 20 | 6 << 8, new byte[0], 0)).isEqualTo(10);
    }

    @Test
    void temporalTypesAddTheirFractionBytes() {
        assertThat(CellSizes.size(18, 0, new byte[0], 0)).isEqualTo(5);
        assertThat(CellSizes.size(18, 6, new byte[0], 0)).isEqualTo(8);
        assertThat(CellSizes.size(17, 3, new byte[0], 0)).isEqualTo(6);
        assertThat(CellSizes.size(19, 1, new byte[0], 0)).isEqualTo(4);
    }

    @Test
    void variableLengthCellsReadTheirPrefix() {
        assertThat(CellSizes.size(15, 80, new byte[]{3, 'a', 'b', 'c'}, 0)).isEqualTo(4);
        assertThat(CellSizes.size(15, 400, new byte[]{3, 0, 'a', 'b', 'c'}, 0)).isEqualTo(5);
        assertThat(CellSizes.size(252, 2, new byte[]{2, 1}, 0)).isEqualTo(2 + 258);
    }

    @Test
    void stringMetadataCarriesCharLengthAndEnumSet() {
        // CHAR(10) in utf8mb4 = 40 bytes max: real type 254, one length byte.
        assertThat(CellSizes.size(254, 254 << 8 | 40, new byte[]{2, 'a', 'b'}, 0)).isEqualTo(3);
        // CHAR(255) utf8mb4 = 1020 bytes: the high bits of the length hide in the type byte, two length bytes.
        int meta = ((254 ^ ((1020 & 0x300) >> 4)) << 8) | (1020 & 0xff);
        assertThat(CellSizes.size(254, meta, new byte[]{1, 0, 'a'}, 0)).isEqualTo(3);
        // ENUM with 1 byte, SET with 8.
        assertThat(CellSizes.size(254, 247 << 8 | 1, new byte[0], 0)).isEqualTo(1);
        assertThat(CellSizes.size(254, 248 << 8 | 8, new byte[0], 0)).isEqualTo(8);
    }

    @Test
    void bitLengthComesFromBytesAndBits() {
        // BIT(13): 1 whole byte and 5 bits, as the library reads it (little-endian: bits low, bytes high).
        assertThat(CellSizes.size(16, 1 << 8 | 5, new byte[0], 0)).isEqualTo(2);
        assertThat(CellSizes.size(16, 8 << 8, new byte[0], 0)).isEqualTo(8);
    }

    @Test
    void unknownTypesAreRefused() {
        assertThatThrownBy(() -> CellSizes.size(0, 0, new byte[0], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column type 0");
    }
}
