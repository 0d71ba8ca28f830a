package dev.dbrescue.core.deadlock;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class DecimalsTest {

    @Test
    void sameDoubleAsParseDouble() {
        Random random = new Random(23);
        String[] fixed = {"0", "0.0", "100.167", "1000.153", "0.1", "0.3", "9007199254740993", "123456789012345.6",
            "999999999999999", "1.7976931348623157", "00012.500", "5.0000000000000000001", "4.35", "2.675"};
        for (String s : fixed) {
            assertThat(Decimals.parse("x" + s + "y", 1, s.length() + 1)).as(s).isEqualTo(Double.parseDouble(s));
        }
        for (int k = 0; k < 300_000; k++) {
            StringBuilder s = new StringBuilder();
            for (int i = 1 + random.nextInt(random.nextBoolean() ? 6 : 20); i > 0; i--) {
                s.append((char) ('0' + random.nextInt(10)));
            }
            if (random.nextBoolean()) {
                s.append('.');
                for (int i = 1 + random.nextInt(random.nextBoolean() ? 4 : 20); i > 0; i--) {
                    s.append((char) ('0' + random.nextInt(10)));
                }
            }
            String text = s.toString();
            assertThat(Decimals.parse(text, 0, text.length())).as(text).isEqualTo(Double.parseDouble(text));
        }
    }
}
