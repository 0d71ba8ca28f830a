package dev.dbrescue.postgres;

import dev.dbrescue.core.target.ClientEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PgPassFileTest {

    @TempDir
    Path home;

    @Test
    void exactLineMatches() {
        assertThat(PgPassFile.find(List.of("db1:5432:shop:app:s3cret"), "db1", 5432, "shop", "app")).contains("s3cret");
    }

    @Test
    void everyFieldMustMatch() {
        List<String> lines = List.of("db1:5432:shop:app:s3cret");
        assertThat(PgPassFile.find(lines, "db2", 5432, "shop", "app")).isEmpty();
        assertThat(PgPassFile.find(lines, "db1", 5433, "shop", "app")).isEmpty();
        assertThat(PgPassFile.find(lines, "db1", 5432, "other", "app")).isEmpty();
        assertThat(PgPassFile.find(lines, "db1", 5432, "shop", "root")).isEmpty();
    }

    @Test
    void starMatchesAnythingAndFirstMatchWins() {
        List<String> lines = List.of(
                "db1:*:*:app:first",
                "*:*:*:*:fallback");
        assertThat(PgPassFile.find(lines, "db1", 6000, "anything", "app")).contains("first");
        assertThat(PgPassFile.find(lines, "db9", 5432, "x", "other")).contains("fallback");
    }

    @Test
    void escapedColonsAndBackslashes() {
        List<String> lines = List.of("\\:\\:1:5432:*:app:pa\\:ss\\\\word");
        // An IPv6 host is written with escaped colons; the target keeps it in brackets.
        assertThat(PgPassFile.find(lines, "[::1]", 5432, "db", "app")).contains("pa:ss\\word");
    }

    @Test
    void anEscapedStarIsALiteralStar() {
        List<String> lines = List.of("db1:5432:\\*:app:literal");
        assertThat(PgPassFile.find(lines, "db1", 5432, "shop", "app")).isEmpty();
        assertThat(PgPassFile.find(lines, "db1", 5432, "*", "app")).contains("literal");
    }

    @Test
    void commentsBlankAndShortLinesAreSkipped() {
        List<String> lines = List.of("# hostname:port:database:username:password", "", "db1:5432:shop:app", "db1:5432:shop:app:ok\r");
        assertThat(PgPassFile.find(lines, "db1", 5432, "shop", "app")).contains("ok");
    }

    @Test
    void readsHomePgpassWhenPrivate() throws IOException {
        Path file = home.resolve(".pgpass");
        Files.writeString(file, "127.0.0.1:5432:postgres:postgres:fromfile\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        ClientEnvironment environment = new ClientEnvironment(Map.of(), home, "someone");
        assertThat(PgPassFile.lookup(environment, "127.0.0.1", 5432, "postgres", "postgres")).contains("fromfile");
    }

    @Test
    void ignoresAFileOthersCanRead_asLibpqDoes() throws IOException {
        Path file = home.resolve(".pgpass");
        Files.writeString(file, "*:*:*:*:leaky\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        ClientEnvironment environment = new ClientEnvironment(Map.of(), home, "someone");
        assertThat(PgPassFile.lookup(environment, "h", 5432, "d", "u")).isEmpty();
    }

    @Test
    void pgpassfileVariableWins() throws IOException {
        Files.writeString(home.resolve(".pgpass"), "*:*:*:*:home\n");
        Files.setPosixFilePermissions(home.resolve(".pgpass"), PosixFilePermissions.fromString("rw-------"));
        Path other = home.resolve("elsewhere.pgpass");
        Files.writeString(other, "*:*:*:*:elsewhere\n");
        Files.setPosixFilePermissions(other, PosixFilePermissions.fromString("rw-------"));
        ClientEnvironment environment = new ClientEnvironment(Map.of("PGPASSFILE", other.toString()), home, "someone");
        assertThat(PgPassFile.location(environment)).isEqualTo(other);
        assertThat(PgPassFile.lookup(environment, "h", 5432, "d", "u")).contains("elsewhere");
    }

    @Test
    void missingFileMeansNoPassword() {
        ClientEnvironment environment = new ClientEnvironment(Map.of(), home, "someone");
        assertThat(PgPassFile.lookup(environment, "h", 5432, "d", "u")).isEmpty();
    }
}
