package dev.dbrescue.mysql;

import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.connections.ConnectionLimits;
import dev.dbrescue.core.connections.ConnectionsSnapshot;
import dev.dbrescue.core.connections.IdleTimeout;
import dev.dbrescue.core.model.Session;
import dev.dbrescue.mysql.ScratchDatabase.AppSession;
import dev.dbrescue.testkit.server.TestServers;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code connections} reads limits, counters, timeouts and application names from a real MariaDB, and degrades. */
class MySqlConnectionsReaderIT {

    @Test
    void readsTheServersOwnNumbersAndNamesEachSessionsApplication() throws Exception {
        List<Connection> named = new ArrayList<>();
        try (ScratchDatabase db = ScratchDatabase.on(TestServers.mariadb().uri())) {
            for (int i = 0; i < 3; i++) {
                named.add(connect(db, "program_name:orders-api"));
            }
            AppSession open = db.session();
            open.execute("CREATE TABLE t (id INT PRIMARY KEY) ENGINE=InnoDB");
            open.execute("START TRANSACTION");
            open.execute("INSERT INTO t VALUES (1)");
            db.awaitTransaction(open);

            try (ServerConnection monitor = db.monitor()) {
                ConnectionsSnapshot sample = monitor.family().connectionsReader(monitor.server()).read(monitor.connection());
                ConnectionLimits limits = sample.limits();
                assertThat(limits.used()).as("Threads_connected, dbrescue included").isEqualTo(number(monitor, "SHOW GLOBAL STATUS LIKE 'Threads_connected'"));
                assertThat(limits.used()).isEqualTo(sample.sessions().sessions().stream().filter(s -> !s.system()).count() + 1);
                assertThat(limits.max()).isEqualTo(number(monitor, "SHOW GLOBAL VARIABLES LIKE 'max_connections'"));
                assertThat(limits.maxConnections()).isEqualTo(limits.max());
                assertThat(limits.reserved()).isEqualTo(1);
                assertThat(limits.reservedFor()).contains("SUPER");
                assertThat(limits.maxUsed()).isGreaterThanOrEqualTo(limits.used());
                assertThat(limits.refused()).isNotNull().isNotNegative();
                assertThat(limits.abortedConnects()).isNotNull();
                assertThat(limits.uptimeSeconds()).isNotNull().isNotNegative();
                assertThat(limits.timeouts()).extracting(IdleTimeout::name)
                        .containsExactly("wait_timeout", "interactive_timeout", "idle_transaction_timeout");
                assertThat(limits.timeout(IdleTimeout.Applies.IDLE).orElseThrow().seconds())
                        .isEqualTo(number(monitor, "SHOW GLOBAL VARIABLES LIKE 'wait_timeout'"));

                for (Connection c : named) {
                    Session s = sample.sessions().session(id(c)).orElseThrow();
                    assertThat(s.application()).isEqualTo("orders-api");
                    assertThat(s.host()).as("client host without its port (MariaDB names 127.0.0.1 localhost)").isIn("127.0.0.1", "localhost");
                }
                Session idleInTransaction = sample.sessions().session(open.id).orElseThrow();
                assertThat(idleInTransaction.idleInTransaction()).isTrue();
                assertThat(idleInTransaction.application()).as("the driver's _client_name").containsIgnoringCase("Connector/J");
                assertThat(sample.limitations()).isEmpty();
                // The processlist (nobody waits), SHOW GLOBAL STATUS, SHOW GLOBAL VARIABLES, session_connect_attrs.
                assertThat(sample.queryCount()).isEqualTo(4);
            }
        } finally {
            for (Connection c : named) {
                c.close();
            }
        }
    }

    @Test
    void anAccountWithoutPrivilegesStillCountsAndIsToldWhatToGrant() throws Exception {
        String user = "dbrescue_cn_" + UUID.randomUUID().toString().substring(0, 6);
        String password = "pw-" + UUID.randomUUID();
        String[] hosts = {"%", "localhost", "127.0.0.1"};
        try (ScratchDatabase db = ScratchDatabase.on(TestServers.mariadb().uri())) {
            for (String host : hosts) {
                db.admin("CREATE USER " + MySqlNames.literal(user) + "@" + MySqlNames.literal(host) + " IDENTIFIED BY " + MySqlNames.literal(password));
            }
            try (ServerConnection monitor = db.monitor(db.server.withDatabase(null).withUser(user).withPassword(password))) {
                ConnectionsSnapshot sample = monitor.family().connectionsReader(monitor.server()).read(monitor.connection());
                assertThat(sample.limits().used()).as("SHOW GLOBAL STATUS needs no privilege")
                        .isEqualTo(number(monitor, "SHOW GLOBAL STATUS LIKE 'Threads_connected'"));
                assertThat(sample.limitations()).anySatisfy(l -> {
                    assertThat(l.what()).startsWith("application names");
                    assertThat(l.remedy()).startsWith("GRANT SELECT ON performance_schema.session_connect_attrs TO " + MySqlNames.literal(user) + "@'");
                });
                assertThat(sample.limitations()).anySatisfy(l -> assertThat(l.remedy()).startsWith("GRANT PROCESS ON *.*"));
            } finally {
                for (String host : hosts) {
                    db.admin("DROP USER IF EXISTS " + MySqlNames.literal(user) + "@" + MySqlNames.literal(host));
                }
            }
        }
    }

    /** A plain application connection with connection attributes, as a pool would open it. */
    private static Connection connect(ScratchDatabase db, String attributes) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", db.server.user());
        if (db.server.password() != null) {
            properties.setProperty("password", db.server.password());
        }
        properties.setProperty("connectionAttributes", attributes);
        return DriverManager.getConnection("jdbc:mariadb://" + db.server.host() + ":" + db.server.port() + "/" + db.schema, properties);
    }

    private static long id(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long number(ServerConnection c, String sql) throws SQLException {
        try (Statement s = c.connection().createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(2);
        }
    }
}
