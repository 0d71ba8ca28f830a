package dev.dbrescue.app.deadlocks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrescue.app.DbRescue;
import dev.dbrescue.testkit.server.ServerHandle;
import dev.dbrescue.testkit.server.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deadlocks parse --target} reads index record fields as their column types: a real deadlock on a table whose
 * primary key is a DATE, a DATETIME(3), an INT UNSIGNED and a DECIMAL, which the report alone prints as bytes.
 */
class TypedRecordFieldsIT {

    private static final String TABLE = "dbrescue_typed_keys";

    @TempDir
    Path dir;

    @Test
    void primaryKeyFieldsReadAsDatesDecimalsAndUnsignedIntegers() throws Exception {
        ServerHandle server = TestServers.mariadb();
        try (Connection setup = DriverManager.getConnection(server.jdbcUrl());
             Connection a = DriverManager.getConnection(server.jdbcUrl());
             Connection b = DriverManager.getConnection(server.jdbcUrl())) {
            try (Statement s = setup.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + TABLE);
                s.execute("CREATE TABLE " + TABLE + " (d DATE, t DATETIME(3), u INT UNSIGNED, m DECIMAL(8,2), v INT,"
                        + " PRIMARY KEY (d, t, u, m)) ENGINE=InnoDB");
                s.execute("INSERT INTO " + TABLE + " VALUES ('2024-03-05', '2024-03-05 09:14:27.125', 4000000000, -12.50, 0),"
                        + " ('1999-12-31', '1999-12-31 23:59:59.000', 7, 3.25, 0)");
            }
            deadlock(a, b);
            Path status = dir.resolve("status.txt");
            Files.writeString(status, LabDeadlocks.innodbStatus(server.uri()));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = DbRescue.run(new String[]{"deadlocks", "parse", "--format", "json", "--target", server.uri(),
                    status.toString()}, new PrintWriter(out), new PrintWriter(err));
            assertThat(code).as("stderr: %s", err).isEqualTo(1);
            List<String> rows = new ArrayList<>();
            for (JsonNode t : new ObjectMapper().readTree(out.toString()).get("deadlocks").get(0).get("transactions")) {
                JsonNode fields = t.get("waitingFor").get("fields");
                rows.add(fields.get(0).get("column").asText() + "=" + fields.get(0).get("value").asText() + " "
                        + fields.get(1).get("column").asText() + "=" + fields.get(1).get("value").asText() + " "
                        + fields.get(2).get("column").asText() + "=" + fields.get(2).get("value").asText() + " "
                        + fields.get(3).get("column").asText() + "=" + fields.get(3).get("value").asText());
            }
            assertThat(rows).containsExactlyInAnyOrder(
                    "d=2024-03-05 t=2024-03-05 09:14:27.125 u=4000000000 m=-12.50",
                    "d=1999-12-31 t=1999-12-31 23:59:59.000 u=7 m=3.25");
        } finally {
            try (Connection c = DriverManager.getConnection(server.jdbcUrl()); Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + TABLE);
            }
        }
    }

    /** A takes the 2024 row, B the 1999 row, then each asks for the other's: InnoDB rolls one back. */
    private static void deadlock(Connection a, Connection b) throws Exception {
        a.setAutoCommit(false);
        b.setAutoCommit(false);
        update(a, "d = '2024-03-05'");
        update(b, "d = '1999-12-31'");
        CompletableFuture<Void> aWaits = CompletableFuture.runAsync(() -> {
            try {
                update(a, "d = '1999-12-31'");
            } catch (SQLException e) {
                // one of the two is the victim
            }
        });
        Thread.sleep(300);
        try {
            update(b, "d = '2024-03-05'");
        } catch (SQLException victim) {
            // one of the two is the victim
        }
        b.rollback();
        aWaits.get(10, TimeUnit.SECONDS);
        a.rollback();
    }

    private static void update(Connection c, String where) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("UPDATE " + TABLE + " SET v = v + 1 WHERE " + where);
        }
    }
}
