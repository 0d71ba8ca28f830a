package dev.dbrescue.core.deadlock.innodb;

import dev.dbrescue.core.deadlock.RecordField;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RecordDumpTest {

    private static List<RecordDump.RawField> fields(String line) {
        List<RecordDump.RawField> out = new ArrayList<>();
        RecordDump.fields(line, out::add);
        return out;
    }

    private static String decoded(String line) {
        return RecordDump.decode(fields(line), false).get(0).decoded();
    }

    @Test
    void signedIntegersHaveTheirSignBitFlipped() {
        assertThat(decoded(" 0: len 4; hex 80000001; asc     ;;")).isEqualTo("1");
        assertThat(decoded(" 0: len 4; hex 8000012c; asc    ,;;")).isEqualTo("300");
        assertThat(decoded(" 0: len 8; hex 8000000000000001; asc         ;;")).isEqualTo("1");
        assertThat(decoded(" 0: len 8; hex ffffffffffffffff; asc         ;;")).isEqualTo(Long.toString(Long.MAX_VALUE));
    }

    /** 0000000a is UNSIGNED 10 or a negative signed value: only the schema can tell. */
    @Test
    void aFirstByteBelow0x80IsAmbiguous() {
        assertThat(decoded(" 0: len 4; hex 0000000a; asc     ;;")).isNull();
        assertThat(decoded(" 0: len 8; hex 0000000000000001; asc         ;;")).isNull();
    }

    @Test
    void printableBytesAreText() {
        assertThat(decoded(" 0: len 4; hex 5461726f; asc Taro;;")).isEqualTo("Taro");
        assertThat(decoded(" 0: len 8; hex 416172647661726b; asc Aardvark;;")).isEqualTo("Aardvark");
        assertThat(decoded(" 4: len 12; hex 313233343536373839303132; asc 123456789012;;")).isEqualTo("123456789012");
        assertThat(decoded(" 1: len 27; hex e5b8b8e5beb7e5b882e7acace4ba8ce4babae6b091e58cbbe999a2; asc x;;"))
                .isEqualTo("常德市第二人民医院");
        assertThat(decoded(" 2: len 0; hex ; asc ;;")).isEmpty();
        assertThat(decoded(" 4: len 1; hex 01; asc  ;;")).isNull();
    }

    @Test
    void sqlNullHasLengthMinusOne() {
        List<RecordField> f = RecordDump.decode(fields(" 9: SQL NULL;"), false);
        assertThat(f).singleElement().satisfies(field -> {
            assertThat(field.number()).isEqualTo(9);
            assertThat(field.length()).isEqualTo(-1);
            assertThat(field.decoded()).isNull();
        });
    }

    @Test
    void shortenedValuesKeepTheirTotalLength() {
        List<RecordField> f = RecordDump.decode(fields(
                " 0: len 30; hex 303735316630656562386231343062386166666335363337663365336163;"
                        + " asc 0751f0eeb8b140b8affc5637f3e3ac; (total 32 bytes);"), false);
        assertThat(f.get(0).length()).isEqualTo(32);
        assertThat(f.get(0).decoded()).isEqualTo("0751f0eeb8b140b8affc5637f3e3ac...(truncated)");
    }

    /** MySQL 5.0/5.1 print a record on one line; asc may hold ";;" and digits, and copies squeeze its spaces. */
    @Test
    void allFieldsOfARecordOnOneLine() {
        List<RecordDump.RawField> raw = fields(" 0: len 6; hex 000000000501; asc       ;; 1: len 6; hex 00000039e24f;"
                + " asc    9 O;; 2: len 7; hex 8000000e490110; asc     I  ;; 3: len 4; hex 80000000; asc     ;;");
        assertThat(raw).extracting(RecordDump.RawField::number).containsExactly(0, 1, 2, 3);
        List<RecordField> clustered = RecordDump.decode(raw, true);
        assertThat(clustered).extracting(RecordField::decoded).containsExactly(null, null, null, "0");
    }

    @Test
    void trxIdAndRollPointerOfAClusteredIndexStayUndecoded() {
        List<RecordDump.RawField> raw = new ArrayList<>();
        for (String line : List.of(" 0: len 4; hex 80000001; asc     ;;", " 1: len 6; hex 414141414141; asc AAAAAA;;",
                " 2: len 7; hex 42424242424242; asc BBBBBBB;;", " 3: len 6; hex 434343434343; asc CCCCCC;;")) {
            RecordDump.fields(line, raw::add);
        }
        assertThat(RecordDump.decode(raw, true)).extracting(RecordField::decoded)
                .containsExactly("1", null, null, "CCCCCC");
        assertThat(RecordDump.decode(raw, false)).extracting(RecordField::decoded)
                .containsExactly("1", "AAAAAA", "BBBBBBB", "CCCCCC");
    }

    @Test
    void supremum() {
        assertThat(RecordDump.isSupremum(fields(" 0: len 8; hex 73757072656d756d; asc supremum;;"))).isTrue();
        assertThat(RecordDump.heapNo("Record lock, heap no 1 PHYSICAL RECORD: n_fields 1; compact format; info bits 0"))
                .isEqualTo(1);
        assertThat(RecordDump.heapNo("Record lock, heap no 12")).isEqualTo(12);
        assertThat(RecordDump.heapNo("RECORD LOCKS space id 1")).isEqualTo(-1);
    }
}
