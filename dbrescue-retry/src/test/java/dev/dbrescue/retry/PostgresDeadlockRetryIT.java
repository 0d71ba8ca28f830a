package dev.dbrescue.retry;

import dev.dbrescue.testkit.server.ServerHandle;
import dev.dbrescue.testkit.server.TestServers;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DeadlockRetryContract} on PostgreSQL (the testkit's embedded 15, or the server named by
 * {@code DBRESCUE_TEST_POSTGRES_URL}): SQLSTATE 40P01 for a deadlock, 55P03 for a lock timeout; plus a
 * serialization failure (40001) of SERIALIZABLE transactions, which only PostgreSQL detects that way.
 */
class PostgresDeadlockRetryIT extends DeadlockRetryContract {

    @Override
    protected ServerHandle server() {
        return TestServers.postgres();
    }

    @Override
    protected String shortLockTimeout() {
        return "SET lock_timeout = '200ms'";
    }

    @Override
    protected void assertDeadlock(SQLException e) {
        assertThat(e.getSQLState()).as("SQLState of %s", e).isEqualTo("40P01");
    }

    @Override
    protected void assertLockTimeout(SQLException e) {
        assertThat(e.getSQLState()).as("SQLState of %s", e).isEqualTo("55P03");
    }

    @Override
    protected void assertDuplicateKey(SQLException e) {
        assertThat(e.getSQLState()).as("SQLState of %s", e).isEqualTo("23505");
    }

    /**
     * Write skew: two SERIALIZABLE transactions each read both accounts and then set their own account to the sum
     * they read. Run side by side, no serial order explains the result, so PostgreSQL fails one of them with 40001
     * (at its UPDATE or at its COMMIT); run again, it reads the other's committed balance.
     */
    @Test
    void aSerializationFailureIsRetried() throws Exception {
        RecordingListener listener = new RecordingListener();
        DeadlockRetry retry = DeadlockRetry.builder().maxAttempts(5).listener(listener).build();
        CyclicBarrier bothHaveRead = new CyclicBarrier(2);
        AtomicInteger attempts = new AtomicInteger();
        List<Connection> opened = new CopyOnWriteArrayList<>();
        ConnectionSource serializable = () -> {
            Connection connection = plainSource(opened).open();
            connection.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            return connection;
        };

        Future<Void> one = submit(retry, serializable, 1, bothHaveRead, attempts);
        Future<Void> two = submit(retry, serializable, 2, bothHaveRead, attempts);
        one.get(60, TimeUnit.SECONDS);
        two.get(60, TimeUnit.SECONDS);

        // Serially: the first sets its account to 200, the second to 200 + 100 = 300.
        try (Connection check = connect()) {
            assertThat(accounts.balances(check).values()).containsExactlyInAnyOrder(200, 300);
        }
        assertThat(listener.retries()).singleElement().satisfies(event -> {
            assertThat(RetryableErrors.reason(event.failure())).contains(RetryReason.SERIALIZATION_FAILURE);
            assertThat(RetryableErrors.retryableException(event.failure()).getSQLState()).isEqualTo("40001");
        });
        assertThat(listener.successes()).extracting(RecordingListener.Event::attempt).containsExactlyInAnyOrder(1, 2);
        assertThat(attempts).hasValue(3);
        assertThat(opened).allSatisfy(c -> assertThat(c.isClosed()).isTrue());
    }

    private Future<Void> submit(DeadlockRetry retry, ConnectionSource source, int account, CyclicBarrier bothHaveRead,
                                AtomicInteger attempts) {
        AtomicInteger mine = new AtomicInteger();
        return threads.submit(() -> retry.inTransaction(source, c -> {
            attempts.incrementAndGet();
            int sum = accounts.sum(c);
            if (mine.incrementAndGet() == 1) {
                try {
                    bothHaveRead.await(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("the other transaction never read", e);
                }
            }
            accounts.set(c, account, sum);
            return null;
        }));
    }
}
