package dev.dbrescue.retry;

import dev.dbrescue.testkit.server.ServerHandle;
import dev.dbrescue.testkit.server.TestServers;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DeadlockRetryContract} on MariaDB (the testkit's embedded 10.11, or the server named by
 * {@code DBRESCUE_TEST_MARIADB_URL}): InnoDB reports a deadlock as error 1213 with SQLSTATE 40001 and a lock wait
 * timeout as 1205 with HY000.
 */
class MariaDbDeadlockRetryIT extends DeadlockRetryContract {

    @Override
    protected ServerHandle server() {
        return TestServers.mariadb();
    }

    @Override
    protected String shortLockTimeout() {
        return "SET SESSION innodb_lock_wait_timeout = 1"; // seconds; the smallest InnoDB takes
    }

    @Override
    protected void assertDeadlock(SQLException e) {
        assertThat(e.getErrorCode()).as("error code of %s", e).isEqualTo(1213);
        assertThat(e.getSQLState()).isEqualTo("40001");
    }

    @Override
    protected void assertLockTimeout(SQLException e) {
        assertThat(e.getErrorCode()).as("error code of %s", e).isEqualTo(1205);
        assertThat(e.getSQLState()).isEqualTo("HY000");
    }

    @Override
    protected void assertDuplicateKey(SQLException e) {
        assertThat(e.getErrorCode()).as("error code of %s", e).isEqualTo(1062);
        assertThat(e.getSQLState()).isEqualTo("23000");
    }
}
