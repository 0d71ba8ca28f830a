package dev.dbrescue.retry;

import dev.dbrescue.testkit.server.ServerHandle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.entry;

/**
 * What {@link DeadlockRetry} does with real transactions on a real server: real deadlocks (two sessions locking two
 * rows in opposite order), real lock timeouts (a third session holding a row), a real duplicate key. One subclass
 * per engine says how that engine reports each error.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
abstract class DeadlockRetryContract {

    private static final long WAIT_SECONDS = 60;

    /** The server, from {@code dev.dbrescue.testkit.server.TestServers}. */
    protected abstract ServerHandle server();

    /** A session setting that makes a lock wait give up after a second or less. */
    protected abstract String shortLockTimeout();

    protected abstract void assertDeadlock(SQLException e);

    protected abstract void assertLockTimeout(SQLException e);

    protected abstract void assertDuplicateKey(SQLException e);

    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    protected final ExecutorService threads = Executors.newFixedThreadPool(2, new NamedThreads());
    private String jdbcUrl;
    private Connection admin;
    protected Accounts accounts;

    @BeforeEach
    void createAccounts() throws SQLException {
        jdbcUrl = server().jdbcUrl();
        admin = connect();
        accounts = Accounts.create(admin);
    }

    @AfterEach
    void dropAccounts() throws SQLException {
        threads.shutdownNow();
        for (Connection connection : connections) {
            if (connection != admin) {
                connection.close(); // first, so that no open transaction keeps DROP waiting
            }
        }
        try {
            accounts.drop(admin);
        } finally {
            admin.close();
        }
    }

    /** A new session, closed after the test. */
    protected Connection connect() throws SQLException {
        Connection connection = DriverManager.getConnection(jdbcUrl);
        connections.add(connection);
        return connection;
    }

    /** New sessions with a short lock timeout, remembered in {@code opened}. */
    protected ConnectionSource source(List<Connection> opened) {
        return () -> {
            Connection connection = plainSource(opened).open();
            setShortLockTimeout(connection);
            return connection;
        };
    }

    /**
     * New sessions with the server's lock timeouts, remembered in {@code opened}. For deadlocks: PostgreSQL looks for
     * one only after deadlock_timeout (1 s), so a shorter lock_timeout would end the wait first.
     */
    protected ConnectionSource plainSource(List<Connection> opened) {
        return () -> {
            Connection connection = connect();
            opened.add(connection);
            return connection;
        };
    }

    protected void setShortLockTimeout(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(shortLockTimeout()); // in autocommit mode: PostgreSQL undoes a SET with its transaction
        }
    }

    @Test
    void aDeadlockVictimIsRetriedAndBothTransfersCommit() throws Exception {
        RecordingListener listener = new RecordingListener();
        DeadlockRetry retry = DeadlockRetry.builder().maxAttempts(5).initialBackoff(Duration.ofMillis(10))
                .maxBackoff(Duration.ofMillis(200)).listener(listener).build();
        CyclicBarrier bothHoldTheirFirstRow = new CyclicBarrier(2);
        AtomicInteger attemptsA = new AtomicInteger();
        AtomicInteger attemptsB = new AtomicInteger();
        List<Connection> openedForA = new CopyOnWriteArrayList<>();
        Connection connectionOfB = connect(); // B brings its own connection; A has DeadlockRetry open them

        // A moves 10 from account 1 to 2, B moves 20 from account 2 to 1: opposite lock orders.
        Future<Void> a = threads.submit(() -> retry.inTransaction(plainSource(openedForA),
                transfer(1, 2, 10, attemptsA, bothHoldTheirFirstRow)));
        Future<Void> b = threads.submit(() -> retry.inTransaction(connectionOfB,
                transfer(2, 1, 20, attemptsB, bothHoldTheirFirstRow)));
        a.get(WAIT_SECONDS, TimeUnit.SECONDS);
        b.get(WAIT_SECONDS, TimeUnit.SECONDS);

        assertThat(accounts.balances(admin)).containsExactly(entry(1, 110), entry(2, 90));
        // The server rolled back exactly one of the two, once; the other committed on its first attempt.
        assertThat(listener.retries()).singleElement().satisfies(event -> {
            assertThat(event.attempt()).isEqualTo(1);
            assertThat(RetryableErrors.reason(event.failure())).contains(RetryReason.DEADLOCK);
            assertDeadlock(RetryableErrors.retryableException(event.failure()));
            assertThat(event.delay()).isBetween(Duration.ZERO, Duration.ofMillis(10));
        });
        assertThat(listener.successes()).extracting(RecordingListener.Event::attempt).containsExactlyInAnyOrder(1, 2);
        assertThat(listener.giveUps()).isEmpty();
        assertThat(attemptsA.get() + attemptsB.get()).isEqualTo(3);
        // A's connections, one per attempt, are closed; B's own connection is left open, in autocommit again.
        assertThat(openedForA).hasSize(attemptsA.get()).allSatisfy(c -> assertThat(c.isClosed()).isTrue());
        assertThat(connectionOfB.isClosed()).isFalse();
        assertThat(connectionOfB.getAutoCommit()).isTrue();
    }

    /** Moves {@code amount} from one account to another, waiting on its first attempt until both hold a row. */
    private UnitOfWork<Void> transfer(int from, int to, int amount, AtomicInteger attempts, CyclicBarrier barrier) {
        return connection -> {
            int attempt = attempts.incrementAndGet();
            accounts.add(connection, from, -amount);
            if (attempt == 1) {
                await(barrier); // both now hold their first row: the next UPDATEs close the cycle
            }
            accounts.add(connection, to, amount);
            return null;
        };
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the other transfer never took its first lock", e);
        }
    }

    @Test
    void aLockTimeoutIsRetriedUntilTheHolderCommits() throws Exception {
        Connection holder = connect();
        holder.setAutoCommit(false);
        accounts.lock(holder, 1);
        Connection connection = connect();
        setShortLockTimeout(connection);
        CountDownLatch twoRetries = new CountDownLatch(2);
        RecordingListener listener = new RecordingListener() {
            @Override
            public void onRetry(int attempt, Exception failure, Duration delay) {
                super.onRetry(attempt, failure, delay);
                twoRetries.countDown();
            }
        };
        DeadlockRetry retry = DeadlockRetry.builder().maxAttempts(20).initialBackoff(Duration.ofMillis(50))
                .maxBackoff(Duration.ofMillis(200)).listener(listener).build();
        AtomicInteger attempts = new AtomicInteger();

        // Account 2 first (free), then account 1 (held). Every attempt runs on the same connection: had the failed
        // attempts not been rolled back in full, their debits of account 2 would be committed with the last one.
        Future<Integer> worker = threads.submit(() -> retry.inTransaction(connection, c -> {
            attempts.incrementAndGet();
            accounts.add(c, 2, -10);
            accounts.add(c, 1, 10);
            return accounts.sum(c);
        }));
        assertThat(twoRetries.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("two lock timeouts reported").isTrue();
        holder.commit(); // the holder lets go
        assertThat(worker.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(200);

        assertThat(accounts.balances(admin)).containsExactly(entry(1, 110), entry(2, 90));
        assertThat(listener.retries()).hasSizeGreaterThanOrEqualTo(2).allSatisfy(event -> {
            assertThat(RetryableErrors.reason(event.failure())).contains(RetryReason.LOCK_TIMEOUT);
            assertLockTimeout(RetryableErrors.retryableException(event.failure()));
        });
        assertThat(listener.retries()).extracting(RecordingListener.Event::attempt)
                .isEqualTo(java.util.stream.IntStream.rangeClosed(1, attempts.get() - 1).boxed().toList());
        assertThat(listener.successes()).extracting(RecordingListener.Event::attempt).containsExactly(attempts.get());
        assertThat(listener.giveUps()).isEmpty();
        assertThat(connection.isClosed()).isFalse();
        assertThat(connection.getAutoCommit()).isTrue();
    }

    @Test
    void aDuplicateKeyIsNotRetriedAndIsRolledBack() throws Exception {
        Connection connection = connect();
        RecordingListener listener = new RecordingListener();
        DeadlockRetry retry = DeadlockRetry.builder().maxAttempts(5).listener(listener).build();
        AtomicInteger runs = new AtomicInteger();

        SQLException thrown = catchThrowableOfType(SQLException.class, () -> retry.inTransaction(connection, c -> {
            runs.incrementAndGet();
            accounts.add(c, 2, -10);
            accounts.insert(c, 1, 5); // account 1 exists
            return null;
        }));

        assertDuplicateKey(thrown);
        assertThat(RetryableErrors.isRetryable(thrown)).isFalse();
        assertThat(runs).hasValue(1);
        assertThat(listener.events()).isEmpty();
        assertThat(accounts.balances(admin)).containsExactly(entry(1, 100), entry(2, 100));
        // The caller's connection is open, in autocommit again, and usable (on PostgreSQL: not left aborted).
        assertThat(connection.isClosed()).isFalse();
        assertThat(connection.getAutoCommit()).isTrue();
        assertThat(accounts.sum(connection)).isEqualTo(200);
    }

    @Test
    void retriesStopAfterMaxAttemptsWithTheServersErrorAndEveryConnectionClosed() throws Exception {
        Connection holder = connect();
        holder.setAutoCommit(false);
        accounts.lock(holder, 1); // held for the whole test
        RecordingListener listener = new RecordingListener();
        DeadlockRetry retry = DeadlockRetry.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(10))
                .listener(listener).build();
        List<Connection> opened = new CopyOnWriteArrayList<>();

        SQLException thrown = catchThrowableOfType(SQLException.class, () -> retry.inTransaction(source(opened), c -> {
            accounts.add(c, 2, -10);
            accounts.add(c, 1, 10);
            return null;
        }));
        holder.rollback();

        assertLockTimeout(thrown);
        assertThat(thrown.getSuppressed()).hasSize(2)
                .allSatisfy(earlier -> assertLockTimeout((SQLException) earlier));
        assertThat(listener.events()).extracting(RecordingListener.Event::kind, RecordingListener.Event::attempt)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(RecordingListener.Kind.RETRY, 1),
                        org.assertj.core.groups.Tuple.tuple(RecordingListener.Kind.RETRY, 2),
                        org.assertj.core.groups.Tuple.tuple(RecordingListener.Kind.GIVE_UP, 3));
        assertThat(opened).hasSize(3).allSatisfy(c -> assertThat(c.isClosed()).isTrue());
        assertThat(accounts.balances(admin)).containsExactly(entry(1, 100), entry(2, 100));
    }

    @Test
    void aListenerThatThrowsChangesNothing() throws Exception {
        Connection holder = connect();
        holder.setAutoCommit(false);
        accounts.lock(holder, 1);
        AtomicInteger attempts = new AtomicInteger();
        DeadlockRetry retry = DeadlockRetry.builder().maxAttempts(5).listener(new RetryListener() {
            @Override
            public void onRetry(int attempt, Exception failure, Duration delay) {
                try {
                    holder.commit(); // let the next attempt through...
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
                throw new IllegalStateException("metrics backend down"); // ...and fail, as a broken hook would
            }

            @Override
            public void onSuccess(int attempts) {
                throw new IllegalStateException("metrics backend down");
            }
        }).build();

        String result = retry.inTransaction(source(new CopyOnWriteArrayList<>()), c -> {
            attempts.incrementAndGet();
            accounts.add(c, 1, 10);
            return "committed";
        });

        assertThat(result).isEqualTo("committed");
        assertThat(attempts).hasValue(2);
        assertThat(accounts.balances(admin)).containsExactly(entry(1, 110), entry(2, 100));
    }

    private static final class NamedThreads implements java.util.concurrent.ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable runnable) {
            Thread thread = new Thread(runnable, "transfer-" + (char) ('A' + count.getAndIncrement()));
            thread.setDaemon(true);
            return thread;
        }
    }
}
