package dev.dbrescue.core.target;

import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetTest {

    @Test
    void parsesAFullUri() {
        Target t = Target.parse("mysql://app:s%40cret@db.example:3307/shop?sslMode=trust");
        assertThat(t.scheme()).isEqualTo("mysql");
        assertThat(t.user()).isEqualTo("app");
        assertThat(t.password()).isEqualTo("s@cret");
        assertThat(t.host()).isEqualTo("db.example");
        assertThat(t.port()).isEqualTo(3307);
        assertThat(t.database()).isEqualTo("shop");
        assertThat(t.options()).containsEntry("sslMode", "trust");
        assertThat(t.toString()).isEqualTo("mysql://app:***@db.example:3307/shop").doesNotContain("cret");
    }

    @Test
    void parsesAMinimalUriAndIpv6() {
        Target t = Target.parse("postgres://[::1]");
        assertThat(t.host()).isEqualTo("[::1]");
        assertThat(t.port()).isNull();
        assertThat(t.user()).isNull();
        assertThat(Target.parse("postgresql://postgres@127.0.0.1/postgres").database()).isEqualTo("postgres");
    }

    @Test
    void keepsJdbcUrlsAsGivenButMasksThem() {
        Target t = Target.parse("jdbc:postgresql://h:5432/db?user=u&password=topsecret");
        assertThat(t.scheme()).isEqualTo("postgresql");
        assertThat(t.jdbcUrl()).endsWith("password=topsecret");
        assertThat(t.toString()).isEqualTo("jdbc:postgresql://h:5432/db?user=u&password=***");
    }

    @Test
    void badTargetsAreUsageErrorsWithoutThePassword() {
        assertThatThrownBy(() -> Target.parse("mysql://u:pw123@host:99999"))
                .isInstanceOf(DbRescueException.class)
                .hasMessageContaining("out of range")
                .hasMessageNotContaining("pw123")
                .satisfies(e -> assertThat(((DbRescueException) e).code()).isEqualTo(ErrorCode.USAGE));
        assertThatThrownBy(() -> Target.parse("just-a-host")).hasMessageContaining("expected scheme://");
        assertThatThrownBy(() -> Target.parse(" ")).hasMessageContaining("No target given");
    }

    @Test
    void scrubsPasswordsFromMessages() {
        assertThat(Secrets.scrub("Access denied for jdbc:mariadb://u:hunter2@h/db (password hunter2)", "hunter2"))
                .doesNotContain("hunter2");
        assertThat(Secrets.maskUrl("x?pwd=abc&password=def;PASSWORD=ghi")).isEqualTo("x?pwd=***&password=***;PASSWORD=***");
    }
}
