package dev.dbrescue.mysql;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Record fields as a real MariaDB 10.11.19 printed them in a deadlock report (SHOW ENGINE INNODB STATUS), for a table
 * whose primary key holds one column of each type:
 * <pre>
 * CREATE TABLE k (a INT, b INT UNSIGNED, c BIGINT UNSIGNED, d DATE, e DATETIME(6), f TIMESTAMP(3) NULL, g TIME(2),
 *   h YEAR, i DECIMAL(12,3), j ENUM('x','y','z'), l TINYINT, m SMALLINT UNSIGNED, n DATETIME, o CHAR(3), p FLOAT,
 *   q DOUBLE, r BIT(10), s SET('a','b','c'), PRIMARY KEY (a,b,...,s), v INT);
 * SET time_zone = '+00:00';
 * INSERT INTO k VALUES (-5, 4000000000, 18446744073709551615, '2024-03-05', '2024-03-05 09:14:27.123456',
 *   '2024-03-05 09:14:27.789', '-838:59:58.99', 2024, -12345.678, 'y', -3, 65000, '1999-12-31 23:59:59', 'ab', 1.5,
 *   -2.25, b'1010000001', 'a,c', 0), ...
 * </pre>
 * then two sessions updating two rows in opposite orders.
 */
class InnoDbFieldValueTest {

    @Test
    void everyTypeOfTheCapturedRecord() {
        assertThat(InnoDbFieldValue.of("int(11)", "7ffffffb")).isEqualTo("-5");
        assertThat(InnoDbFieldValue.of("int(10) unsigned", "ee6b2800")).isEqualTo("4000000000");
        assertThat(InnoDbFieldValue.of("bigint(20) unsigned", "ffffffffffffffff")).isEqualTo("18446744073709551615");
        assertThat(InnoDbFieldValue.of("date", "8fd065")).isEqualTo("2024-03-05");
        assertThat(InnoDbFieldValue.of("datetime(6)", "99b2ca939b01e240")).isEqualTo("2024-03-05 09:14:27.123456");
        assertThat(InnoDbFieldValue.of("timestamp(3)", "65e6e2731ed2")).isEqualTo("2024-03-05 09:14:27.789 UTC");
        assertThat(InnoDbFieldValue.of("time(2)", "4b91059d")).isEqualTo("-838:59:58.99");
        assertThat(InnoDbFieldValue.of("year(4)", "7c")).isEqualTo("2024");
        assertThat(InnoDbFieldValue.of("decimal(12,3)", "7fffcfc6fd59")).isEqualTo("-12345.678");
        assertThat(InnoDbFieldValue.of("enum('x','y','z')", "02")).isEqualTo("'y'");
        assertThat(InnoDbFieldValue.of("tinyint(4)", "7d")).isEqualTo("-3");
        assertThat(InnoDbFieldValue.of("smallint(5) unsigned", "fde8")).isEqualTo("65000");
        assertThat(InnoDbFieldValue.of("datetime", "9963ff7efb")).isEqualTo("1999-12-31 23:59:59");
        assertThat(InnoDbFieldValue.of("float", "0000c03f")).isEqualTo("1.5");
        assertThat(InnoDbFieldValue.of("double", "00000000000002c0")).isEqualTo("-2.25");
        assertThat(InnoDbFieldValue.of("bit(10)", "0281")).isEqualTo("b'1010000001'");
        assertThat(InnoDbFieldValue.of("set('a','b','c')", "05")).isEqualTo("'a,c'");
    }

    @Test
    void positiveTimesDecimalsAndLongFractions() {
        // 12:34:56.5 as TIME(2): 0x800000 + (12 << 12 | 34 << 6 | 56), fraction 50
        assertThat(InnoDbFieldValue.of("time(2)", Integer.toHexString(0x800000 + (12 << 12 | 34 << 6 | 56)) + "32"))
                .isEqualTo("12:34:56.50");
        assertThat(InnoDbFieldValue.of("time", "80b000")).isEqualTo("11:00:00");
        // 0.5 as DECIMAL(12,3): integer part 9 digits in 4 bytes (0) after 0 leading digits... 12-3 = 9 integer digits
        assertThat(InnoDbFieldValue.of("decimal(12,3)", "8000000001f4")).isEqualTo("0.500");
        assertThat(InnoDbFieldValue.of("decimal(10,0)", "80000000" + "07")).isEqualTo("7");
    }

    @Test
    void whatCannotBeReadIsNull() {
        assertThat(InnoDbFieldValue.of("varchar(20)", "616263")).as("strings are the report's own text").isNull();
        assertThat(InnoDbFieldValue.of("datetime /* mariadb-5.3 */", "99b2ca939b")).as("pre-5.6 temporal format").isNull();
        assertThat(InnoDbFieldValue.of("datetime(6)", "99b2ca939b")).as("shortened by the server").isNull();
        assertThat(InnoDbFieldValue.of("int(11)", "8000")).isEqualTo("0").as("any width of integer reads");
        assertThat(InnoDbFieldValue.of("enum('a')", "05")).as("no such label").isNull();
        assertThat(InnoDbFieldValue.of("int(11)", "zz")).isNull();
        assertThat(InnoDbFieldValue.of(null, "00")).isNull();
    }
}
