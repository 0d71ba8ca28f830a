package dev.dbrescue.mysql;

import dev.dbrescue.core.action.KillMode;
import dev.dbrescue.core.model.Engine;
import dev.dbrescue.core.model.Limitation;
import dev.dbrescue.core.model.ServerInfo;
import dev.dbrescue.core.model.Session;
import dev.dbrescue.core.model.Snapshot;
import dev.dbrescue.core.spi.KillRights;
import dev.dbrescue.core.spi.LiveSession;
import dev.dbrescue.core.spi.Reading;
import dev.dbrescue.core.spi.SessionKiller;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code KILL} and {@code KILL QUERY} on MySQL 5.7 / 8.x and MariaDB.
 * <p>
 * Thread ids are not reused while the server runs (they count up; a wrap at 2^32 is left out of account), so the
 * same id and user is the same connection. Whether it is still as selected is told from the processlist's time
 * counter, which restarts with every command: it must have grown by at least the time since the snapshot (both
 * measured on the client's clock, within a tolerance: MySQL counts whole seconds, MariaDB milliseconds), and, when
 * the transaction matters, the InnoDB transaction must have the same id and have grown as old.
 */
final class MySqlSessionKiller implements SessionKiller {

    /** ER_NO_SUCH_THREAD: "Unknown thread id". */
    static final int NO_SUCH_THREAD = 1094;
    /** ER_KILL_DENIED_ERROR: "You are not owner of thread"; 1227 ER_SPECIFIC_ACCESS_DENIED_ERROR (MySQL 8 SYSTEM_USER). */
    static final Set<Integer> DENIED = Set.of(1095, 1227);
    /** MySQL's PROCESSLIST.TIME and TIMESTAMPDIFF(SECOND, trx_started, ...) are whole seconds. */
    static final double TRANSACTION_TOLERANCE = 1.25;
    /** MariaDB's TIME_MS is in milliseconds: what is left is the time between reading the clock and the statement. */
    static final double MARIADB_TOLERANCE = 0.25;
    /** Well over the 100 ms after which InnoDB refreshes INNODB_TRX, with room for the snapshot's own statements. */
    static final Duration TRANSACTIONS_SETTLE = Duration.ofMillis(250);

    private final ServerInfo server;
    private final ProcesslistReader processlist;
    /** When this killer last read INNODB_TRX (one killer serves one run, on one thread). */
    private Instant lastTransactionsRead;

    MySqlSessionKiller(ServerInfo server) {
        this.server = server;
        this.processlist = new ProcesslistReader(server);
    }

    @Override
    public KillRights rights(Connection connection) throws SQLException {
        SqlRunner sql = new SqlRunner(connection);
        // USER() is the name the client logged in with, which the processlist shows; CURRENT_USER() the account.
        String[] who = sql.query("SELECT USER(), CURRENT_USER()", rs -> new String[]{rs.getString(1), rs.getString(2)}).get(0);
        String login = who[0];
        String account = MySqlNames.accountForGrant(who[1]);
        List<String> grants = sql.query("SHOW GRANTS", rs -> rs.getString(1));
        Boolean others = MySqlGrants.mayEndOthers(grants, server.engine() == Engine.MARIADB);
        return new KillRights(account, login.substring(0, Math.max(0, login.lastIndexOf('@'))), others, others,
                needed(account), needed(account));
    }

    private String needed(String account) {
        String privilege;
        if (server.engine() == Engine.MARIADB) {
            privilege = server.atLeast(10, 5) ? "CONNECTION ADMIN" : "SUPER";
        } else {
            privilege = server.major() >= 8 ? "CONNECTION_ADMIN" : "SUPER";
        }
        String either = privilege.equals("SUPER") ? "SUPER" : privilege + " or SUPER";
        return either + " (PROCESS only lets it see other users' sessions): GRANT " + privilege + " ON *.* TO " + account;
    }

    /**
     * Root, and every account with SUPER or CONNECTION ADMIN in information_schema.USER_PRIVILEGES. That view lists
     * every account only to one who may read mysql.user; otherwise only one's own grants, and a limitation says so.
     * Privileges that come through roles are not seen.
     */
    @Override
    public Reading<Set<String>> privilegedUsers(Connection connection) throws SQLException {
        SqlRunner sql = new SqlRunner(connection);
        String privileged = "SELECT DISTINCT GRANTEE FROM information_schema.USER_PRIVILEGES WHERE PRIVILEGE_TYPE IN ("
                + MySqlGrants.END_OTHERS.stream().map(MySqlNames::literal).sorted().collect(Collectors.joining(", ")) + ")";
        Set<String> users = new LinkedHashSet<>(Set.of("root"));
        Limitation partial = null;
        List<String> grantees;
        try {
            // One statement when mysql.user is readable: the UNION fails as a whole when it is not.
            grantees = sql.query(privileged + " UNION ALL SELECT NULL FROM mysql.user WHERE 1 = 0", rs -> rs.getString(1));
        } catch (SQLException e) {
            if (!SqlErrors.isPrivilege(e)) {
                throw e;
            }
            grantees = sql.query(privileged, rs -> rs.getString(1));
            String me = sql.query("SELECT CURRENT_USER()", rs -> rs.getString(1)).get(0);
            partial = new Limitation("which other accounts are privileged (SUPER, CONNECTION ADMIN)", SqlErrors.text(e)
                    + "; information_schema.USER_PRIVILEGES then shows only dbrescue's own grants",
                    "GRANT SELECT ON mysql.user TO " + MySqlNames.accountForGrant(me)
                            + "; until then only root's sessions are spared as privileged");
        }
        grantees.stream().map(MySqlGrants::userOf).filter(Objects::nonNull).forEach(users::add);
        return new Reading<>(Set.copyOf(users), partial);
    }

    @Override
    public Optional<LiveSession> look(Connection connection, Snapshot snapshot, Session selected, boolean transactionMatters)
            throws SQLException {
        if (transactionMatters) {
            awaitFreshTransactions(snapshot);
        }
        Optional<ProcessRow> row = processlist.readOne(new SqlRunner(connection), selected.id(), transactionMatters);
        if (transactionMatters) {
            lastTransactionsRead = Instant.now();
        }
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Session now = row.get().toSession();
        // The snapshot's capturedAt is this client's clock, read just before its statement: so is this.
        double elapsed = Duration.between(snapshot.capturedAt(), Instant.now()).toMillis() / 1000.0;
        boolean sameSession = Objects.equals(now.user(), selected.user());
        boolean sameTransaction = transactionMatters && selected.transactionId() != null
                && selected.transactionId().equals(now.transactionId())
                && grewBy(selected.transactionSeconds(), now.transactionSeconds(), elapsed, TRANSACTION_TOLERANCE);
        double tolerance = server.engine() == Engine.MARIADB ? MARIADB_TOLERANCE : TRANSACTION_TOLERANCE;
        boolean unchanged = selected.busy() == now.busy() && (selected.busy()
                ? Objects.equals(selected.query(), now.query()) && grewBy(selected.querySeconds(), now.querySeconds(), elapsed, tolerance)
                : grewBy(selected.idleSeconds(), now.idleSeconds(), elapsed, tolerance));
        return Optional.of(new LiveSession(now, sameSession, sameTransaction, unchanged));
    }

    /**
     * INNODB_TRX is served from a cache that InnoDB refreshes only once nobody has read it for 100 ms
     * (CACHE_MIN_IDLE_TIME_US in storage/innobase/trx/trx0i_s.cc, MySQL and MariaDB alike). Read sooner after the
     * snapshot, or after the previous re-check, it shows the transactions as they were then, and a transaction that
     * ended since would look the same. So this waits until {@link #TRANSACTIONS_SETTLE} has passed since the last read.
     */
    private void awaitFreshTransactions(Snapshot snapshot) {
        Instant last = lastTransactionsRead == null || lastTransactionsRead.isBefore(snapshot.capturedAt())
                ? snapshot.capturedAt() : lastTransactionsRead;
        long wait = Duration.between(Instant.now(), last.plus(TRANSACTIONS_SETTLE)).toMillis();
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The counter kept running since the snapshot instead of starting again. */
    static boolean grewBy(Double before, Double now, double elapsed, double tolerance) {
        return before != null && now != null && now >= before + elapsed - tolerance;
    }

    @Override
    public KillOutcome kill(Connection connection, long sessionId, KillMode mode) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute(mode.sql(server.engine(), sessionId));
            return KillOutcome.DONE;
        } catch (SQLException e) {
            if (e.getErrorCode() == NO_SUCH_THREAD) {
                return KillOutcome.GONE;
            }
            if (DENIED.contains(e.getErrorCode())) {
                return KillOutcome.REFUSED;
            }
            throw e;
        }
    }

    /** A killed thread stays in the processlist (command Killed) until its rollback is done. */
    @Override
    public Set<Long> alive(Connection connection, Collection<Long> sessionIds) throws SQLException {
        if (sessionIds.isEmpty()) {
            return Set.of();
        }
        String ids = sessionIds.stream().map(String::valueOf).collect(Collectors.joining(", "));
        return new HashSet<>(new SqlRunner(connection).query("SELECT ID FROM information_schema.PROCESSLIST WHERE ID IN (" + ids + ")",
                rs -> rs.getLong(1)));
    }
}
