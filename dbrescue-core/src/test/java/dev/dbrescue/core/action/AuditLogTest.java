package dev.dbrescue.core.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditLogTest {

    @TempDir
    Path home;

    @Test
    void appendsOneJsonLinePerActionInAFileOnlyItsOwnerMayRead() throws Exception {
        Path file = AuditLog.defaultPath(home);
        assertThat(file).isEqualTo(home.resolve(".dbrescue/audit.jsonl"));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("session", 42L);
        fields.put("statement", "UPDATE t SET v = 'a\nb'");
        try (AuditLog log = AuditLog.open(file)) {
            log.append(Instant.parse("2026-11-21T12:00:00Z"), "kill", "mysql://app:***@db1/shop", "ended", fields);
        }
        try (AuditLog log = AuditLog.open(file)) { // a second run appends
            log.append(Instant.parse("2026-11-21T12:00:05Z"), "kill", "mysql://app:***@db1/shop", "gone", Map.of("session", 43L));
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertThat(first.fieldNames()).toIterable().containsExactly("time", "action", "target", "result", "session", "statement");
        assertThat(first.get("statement").asText()).isEqualTo("UPDATE t SET v = 'a\nb'");
        assertThat(new ObjectMapper().readTree(lines.get(1)).get("result").asText()).isEqualTo("gone");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
    }

    @Test
    void aLogThatCannotBeOpenedStopsTheActionInOneLine() throws Exception {
        Path notADirectory = Files.writeString(home.resolve("plain-file"), "x");
        assertThatThrownBy(() -> AuditLog.open(notADirectory.resolve("audit.jsonl")))
                .isInstanceOf(DbRescueException.class)
                .satisfies(e -> assertThat(((DbRescueException) e).code()).isEqualTo(ErrorCode.ACTION_FAILED))
                .hasMessageContaining("nothing was done").hasMessageContaining("--audit-log");
    }
}
