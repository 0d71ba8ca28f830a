package dev.dbrescue.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** An embedded server started for the benchmark, and what differs between the engines. */
interface BenchServer extends AutoCloseable {

    /** E.g. {@code MariaDB 10.11.5}. */
    String label();

    /** The dbrescue target, as a user would type it. */
    String uri();

    /** For the incident's and the peers' plain JDBC sessions. */
    String jdbcUrl();

    /** The server's data directory (its pid file is there), to read its CPU time from /proc. */
    java.nio.file.Path dataDirectory();

    /** Makes an incident session wait as long as it takes: no lock wait timeout. */
    void prepareSession(Connection connection) throws SQLException;

    /** The id dbrescue reports for this session: processlist id or backend pid. */
    long sessionId(Connection connection) throws SQLException;

    /** Sessions that wait for a row lock now, counted by the server. */
    int waitingNow(Connection admin) throws SQLException;

    /** What the peers run to list lock waits, as they run it. */
    List<TimedQuery> peers(Connection admin) throws SQLException;

    /** Single statements, to tell where the time of the snapshot goes. */
    List<TimedQuery> buildingBlocks();

    /**
     * What-if: the reader's own statements (as captured by {@link StatementTimer}) changed in a way the product
     * could adopt, timed beside the original. Not product code.
     */
    default List<TimedQuery> variants(List<String> readerSql) {
        return List.of();
    }

    @Override
    void close();

    /** A statement timed on its own: name, text, and what it stands for. */
    record TimedQuery(String name, String sql, String note) {
    }
}
