package dev.dbrescue.postgres;

import dev.dbrescue.core.connect.EngineFamilies;
import dev.dbrescue.core.target.ClientEnvironment;
import dev.dbrescue.core.target.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Client conventions and URL building, with an injected environment: the real home is never read. */
class PostgresFamilyTest {

    @TempDir
    Path home;

    private final PostgresFamily family = new PostgresFamily();

    @Test
    void foundByServiceLoaderForBothSchemes() {
        assertThat(EngineFamilies.forTarget(Target.parse("postgresql://u@h/db"))).isInstanceOf(PostgresFamily.class);
        assertThat(EngineFamilies.forTarget(Target.parse("postgres://u@h/db"))).isInstanceOf(PostgresFamily.class);
        assertThat(EngineFamilies.forTarget(Target.parse("jdbc:postgresql://h/db"))).isInstanceOf(PostgresFamily.class);
    }

    @Test
    void userFromPguserThenLoginName_databaseFromPgdatabaseThenUser() {
        Target bare = Target.parse("postgresql://db1");
        Target fromLogin = family.withClientDefaults(bare, environment(Map.of()));
        assertThat(fromLogin.user()).isEqualTo("alice");
        assertThat(fromLogin.database()).isEqualTo("alice");
        assertThat(fromLogin.port()).isEqualTo(5432);

        Target fromVariables = family.withClientDefaults(bare, environment(Map.of("PGUSER", "app", "PGDATABASE", "shop")));
        assertThat(fromVariables.user()).isEqualTo("app");
        assertThat(fromVariables.database()).isEqualTo("shop");

        Target explicit = family.withClientDefaults(Target.parse("postgresql://bob@db1:6543/sales"),
                environment(Map.of("PGUSER", "app", "PGDATABASE", "shop")));
        assertThat(explicit.user()).isEqualTo("bob");
        assertThat(explicit.database()).isEqualTo("sales");
        assertThat(explicit.port()).isEqualTo(6543);
    }

    @Test
    void passwordOrder_url_dbrescue_pgpassword_pgpass() throws IOException {
        writePgpass("db1:5432:shop:app:from-pgpass\n");
        Map<String, String> both = Map.of("DBRESCUE_PASSWORD", "from-dbrescue", "PGPASSWORD", "from-pgpassword");
        assertThat(family.withClientDefaults(Target.parse("postgresql://app:from-url@db1/shop"), environment(both)).password())
                .isEqualTo("from-url");
        assertThat(family.withClientDefaults(Target.parse("postgresql://app@db1/shop"), environment(both)).password())
                .isEqualTo("from-dbrescue");
        assertThat(family.withClientDefaults(Target.parse("postgresql://app@db1/shop"),
                environment(Map.of("PGPASSWORD", "from-pgpassword"))).password()).isEqualTo("from-pgpassword");
        assertThat(family.withClientDefaults(Target.parse("postgresql://app@db1/shop"), environment(Map.of())).password())
                .isEqualTo("from-pgpass");
        // The pgpass line is matched with the defaulted port and database, as libpq does.
        assertThat(family.withClientDefaults(Target.parse("postgresql://app@db1"), environment(Map.of("PGDATABASE", "shop"))).password())
                .isEqualTo("from-pgpass");
        assertThat(family.withClientDefaults(Target.parse("postgresql://app@db1/other"), environment(Map.of())).password())
                .isNull();
    }

    @Test
    void sessionsAreNamedDbrescueUnlessTheTargetNamesThem() {
        assertThat(family.withClientDefaults(Target.parse("postgresql://u@h/d"), environment(Map.of())).options())
                .containsEntry("ApplicationName", "dbrescue");
        assertThat(family.withClientDefaults(Target.parse("postgresql://u@h/d?ApplicationName=lab"), environment(Map.of())).options())
                .containsEntry("ApplicationName", "lab");
        assertThat(family.withClientDefaults(Target.parse("jdbc:postgresql://h/d"), environment(Map.of())).options())
                .containsEntry("ApplicationName", "dbrescue");
    }

    @Test
    void jdbcUrlTargetGetsOnlyAPasswordFromTheEnvironment() {
        Target target = family.withClientDefaults(Target.parse("jdbc:postgresql://h:5433/d?user=x"),
                environment(Map.of("PGPASSWORD", "pw", "PGUSER", "ignored")));
        assertThat(target.password()).isEqualTo("pw");
        assertThat(target.user()).isNull();
        assertThat(target.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5433/d?user=x");
        Target withPassword = family.withClientDefaults(Target.parse("jdbc:postgresql://h/d?user=x&password=inurl"),
                environment(Map.of("PGPASSWORD", "pw")));
        assertThat(withPassword.password()).isNull();
    }

    @Test
    void jdbcUrlHasNoCredentials() {
        Target target = family.withClientDefaults(Target.parse("postgresql://app:secret@db1:6543/my%20db"), environment(Map.of()));
        assertThat(family.jdbcUrl(target)).isEqualTo("jdbc:postgresql://db1:6543/my%20db");
        assertThat(family.jdbcUrl(family.withClientDefaults(Target.parse("postgres://app@[::1]/shop"), environment(Map.of()))))
                .isEqualTo("jdbc:postgresql://[::1]:5432/shop");
    }

    private ClientEnvironment environment(Map<String, String> variables) {
        return new ClientEnvironment(variables, home, "alice");
    }

    private void writePgpass(String text) throws IOException {
        Path file = home.resolve(".pgpass");
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
}
