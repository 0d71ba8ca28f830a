package dev.dbrescue.postgres;

import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.connections.ConnectionLimits;
import dev.dbrescue.core.connections.ConnectionsSnapshot;
import dev.dbrescue.core.connections.IdleTimeout;
import dev.dbrescue.core.model.Session;
import dev.dbrescue.core.target.Target;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code connections} reads the client backends, the limits and the timeouts new sessions get from a real PostgreSQL. */
class PostgresConnectionsReaderIT {

    @Test
    void countsClientBackendsAgainstTheLimitOrdinaryRolesHave() throws Exception {
        try (PgTestSessions db = new PgTestSessions()) {
            String table = db.table("held", "(id int PRIMARY KEY)");
            Connection idle = db.session("idle");
            Connection open = db.session("open");
            try (Statement s = open.createStatement()) {
                s.execute("BEGIN");
                s.execute("INSERT INTO " + table + " VALUES (1)");
            }
            try (ServerConnection monitor = db.connector.open(db.target)) {
                ConnectionsSnapshot sample = monitor.family().connectionsReader(monitor.server()).read(monitor.connection());
                ConnectionLimits limits = sample.limits();
                long clientBackends = PgTestSessions.scalarLong(monitor.connection(),
                        "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'");
                assertThat(limits.used()).as("client backends, dbrescue included").isEqualTo(clientBackends);
                assertThat(limits.used()).isEqualTo(sample.sessions().sessions().size() + 1);
                long maxConnections = PgTestSessions.scalarLong(monitor.connection(), "SELECT current_setting('max_connections')::int");
                long reserved = PgTestSessions.scalarLong(monitor.connection(), "SELECT current_setting('superuser_reserved_connections')::int");
                assertThat(limits.maxConnections()).isEqualTo(maxConnections);
                assertThat(limits.max()).isEqualTo(maxConnections - reserved);
                assertThat(limits.reserved()).isEqualTo(reserved);
                assertThat(limits.reservedFor()).startsWith("superusers (superuser_reserved_connections = " + reserved + ")");
                assertThat(limits.maxUsed()).isNull();
                assertThat(limits.refused()).as("PostgreSQL counts no refusals").isNull();
                // dbrescue's own session sets idle_in_transaction_session_timeout = 10s; new sessions get the server's 0.
                assertThat(PgTestSessions.scalarLong(monitor.connection(),
                        "SELECT setting::int FROM pg_settings WHERE name = 'idle_in_transaction_session_timeout'")).isEqualTo(10_000);
                assertThat(limits.timeout(IdleTimeout.Applies.IDLE_IN_TRANSACTION).orElseThrow().seconds()).isZero();
                assertThat(limits.timeout(IdleTimeout.Applies.IDLE_OUTSIDE_TRANSACTION)).as("PostgreSQL 14+").isPresent();

                Session idleSession = sample.sessions().session(db.pid(idle)).orElseThrow();
                assertThat(idleSession.application()).isEqualTo("dbrescue-it-idle");
                assertThat(idleSession.host()).isEqualTo("127.0.0.1");
                assertThat(idleSession.state()).isEqualTo("idle");
                assertThat(sample.sessions().session(db.pid(open)).orElseThrow().idleInTransaction()).isTrue();
                assertThat(sample.queryCount()).as("pg_stat_activity (nobody waits), then the limits").isEqualTo(2);
                assertThat(sample.limitations()).isEmpty();
            }
        }
    }

    @Test
    void anOrdinaryRoleSeesTheNumbersAndIsToldWhatIsHidden() throws Exception {
        try (PgTestSessions db = new PgTestSessions()) {
            db.session("other");
            String role = db.role("dbrescue_cn", "pw-cn");
            Target as = db.target.withUser(role).withPassword("pw-cn");
            try (ServerConnection monitor = db.connector.open(as)) {
                ConnectionsSnapshot sample = monitor.family().connectionsReader(monitor.server()).read(monitor.connection());
                try (ServerConnection admin = db.connector.open(db.target)) {
                    long clientBackends = PgTestSessions.scalarLong(admin.connection(),
                            "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'");
                    assertThat(sample.limits().used()).as("hidden sessions counted too").isEqualTo(clientBackends - 1);
                }
                assertThat(sample.limitations()).anySatisfy(l -> assertThat(l.remedy()).startsWith("GRANT pg_read_all_stats TO"));
            }
        }
    }
}
