package dev.dbrescue.mysql;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MySqlNamesTest {

    @Test
    void splitsBacktickQuotedNamesAsInnodbPrintsThem() {
        assertThat(MySqlNames.splitTable("`shop`.`orders`")).isEqualTo(new MySqlNames.QualifiedName("shop", "orders"));
    }

    @Test
    void keepsDotsAndDoubledBackticksInsideQuotes() {
        assertThat(MySqlNames.splitTable("`my.db`.`we``ird.t`")).isEqualTo(new MySqlNames.QualifiedName("my.db", "we`ird.t"));
    }

    @Test
    void dropsThePartitionComment() {
        assertThat(MySqlNames.splitTable("`shop`.`orders` /* Partition `p2019` */"))
                .isEqualTo(new MySqlNames.QualifiedName("shop", "orders"));
    }

    @Test
    void readsUnquotedAndInternalForms() {
        assertThat(MySqlNames.splitTable("shop.orders")).isEqualTo(new MySqlNames.QualifiedName("shop", "orders"));
        assertThat(MySqlNames.splitTable("shop/orders")).isEqualTo(new MySqlNames.QualifiedName("shop", "orders"));
        assertThat(MySqlNames.splitTable("`orders`")).isEqualTo(new MySqlNames.QualifiedName(null, "orders"));
        assertThat(MySqlNames.splitTable(null)).isNull();
    }

    @Test
    void unquotesIndexNames() {
        assertThat(MySqlNames.unquote("`PRIMARY`")).isEqualTo("PRIMARY");
        assertThat(MySqlNames.unquote("idx_code")).isEqualTo("idx_code");
        assertThat(MySqlNames.unquote(null)).isNull();
    }

    @Test
    void quotesIdentifiersAndAccounts() {
        assertThat(MySqlNames.quote("a`b")).isEqualTo("`a``b`");
        assertThat(MySqlNames.accountForGrant("monitor@%")).isEqualTo("'monitor'@'%'");
        assertThat(MySqlNames.accountForGrant("o'brien@10.0.0.1")).isEqualTo("'o''brien'@'10.0.0.1'");
        assertThat(MySqlNames.accountForGrant("odd@name@localhost")).isEqualTo("'odd@name'@'localhost'");
        assertThat(MySqlNames.accountForGrant(null)).isEqualTo("'<user>'@'<host>'");
    }
}
