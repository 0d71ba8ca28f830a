package dev.dbrescue.mysql;

import dev.dbrescue.core.model.Engine;
import dev.dbrescue.core.model.Limitation;
import dev.dbrescue.core.model.ServerInfo;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Metadata lock waits (the LOCK TABLES / ALTER queue of seed 04) from the best source the server offers:
 * performance_schema.metadata_locks when it is on and the MDL instrument enabled (exact: it lists pending requests),
 * else MariaDB's METADATA_LOCK_INFO plugin (granted locks only, pending requests inferred from the waiters'
 * statements), else nothing but a limitation saying how to enable one. The probe runs only when some session waits
 * for a metadata lock, and a source once found is remembered for the next snapshots of the same reader.
 */
final class MetadataLockWaits {

    enum Source { PERFORMANCE_SCHEMA, METADATA_LOCK_INFO, NONE }

    static final String MDL_INSTRUMENT = "wait/lock/metadata/sql/mdl";

    private final ServerInfo server;
    private Source source;
    private Limitation unavailable;

    MetadataLockWaits(ServerInfo server) {
        this.server = server;
    }

    WaitEdges read(SqlRunner sql, List<ProcessRow> rows, String account, List<Limitation> limitations) throws SQLException {
        Source src = source(sql, account);
        Map<Long, ProcessRow> byId = rows.stream().collect(Collectors.toMap(ProcessRow::id, r -> r, (a, b) -> a));
        switch (src) {
            case PERFORMANCE_SCHEMA -> {
                try {
                    List<MdlLock> locks = new PerformanceSchemaMdlReader().read(sql);
                    return MdlQueue.waits(locks, id -> statementSeconds(byId.get(id)));
                } catch (SQLException e) {
                    if (!SqlErrors.isDegradable(e)) {
                        throw e;
                    }
                    limitations.add(new Limitation("metadata lock waits (LOCK TABLES, ALTER and the queries queued behind them)",
                            SqlErrors.text(e), "GRANT SELECT ON performance_schema.* TO " + MySqlNames.accountForGrant(account)));
                    return new WaitEdges();
                }
            }
            case METADATA_LOCK_INFO -> {
                return fromMetadataLockInfo(sql, rows, byId, limitations);
            }
            default -> {
                limitations.add(unavailable);
                return new WaitEdges();
            }
        }
    }

    private WaitEdges fromMetadataLockInfo(SqlRunner sql, List<ProcessRow> rows, Map<Long, ProcessRow> byId,
                                           List<Limitation> limitations) throws SQLException {
        List<MdlLock> granted;
        try {
            granted = new MetadataLockInfoReader().read(sql);
        } catch (SQLException e) {
            if (!SqlErrors.isDegradable(e)) {
                throw e;
            }
            limitations.add(new Limitation("metadata lock waits", SqlErrors.text(e),
                    "INSTALL SONAME 'metadata_lock_info' (needs the PROCESS privilege to read it)"));
            return new WaitEdges();
        }
        List<ProcessRow> tableWaiters = rows.stream().filter(ProcessRow::tableMetadataLockWait).toList();
        MdlWaitInference.Result inferred = MdlWaitInference.infer(tableWaiters, granted);
        List<MdlLock> all = new ArrayList<>(granted);
        all.addAll(inferred.pending());
        if (!inferred.unresolved().isEmpty()) {
            limitations.add(new Limitation("the table that session(s) " + ids(inferred.unresolved()) + " wait for",
                    "METADATA_LOCK_INFO lists granted locks only, and their statements name no table anyone holds a lock on",
                    "start the server with performance_schema=ON and performance-schema-instrument='" + MDL_INSTRUMENT
                            + "=ON' to see pending metadata lock requests"));
        }
        List<Long> otherWaiters = rows.stream().filter(r -> r.metadataLockWait() && !r.tableMetadataLockWait())
                .map(ProcessRow::id).toList();
        if (!otherWaiters.isEmpty()) {
            limitations.add(new Limitation("who holds the backup, schema or user lock that session(s) " + ids(otherWaiters) + " wait for",
                    "METADATA_LOCK_INFO lists granted locks only and dbrescue infers pending requests for tables only",
                    "start the server with performance_schema=ON and performance-schema-instrument='" + MDL_INSTRUMENT + "=ON'"));
        }
        return MdlQueue.waits(all, id -> statementSeconds(byId.get(id)));
    }

    /** The probe, once: which source can this server and account use? */
    Source source(SqlRunner sql, String account) throws SQLException {
        if (source != null) {
            return source;
        }
        boolean performanceSchemaOn = false;
        boolean pluginActive = false;
        String plugins = "SELECT COUNT(*) FROM information_schema.PLUGINS"
                + " WHERE PLUGIN_NAME = 'METADATA_LOCK_INFO' AND PLUGIN_STATUS = 'ACTIVE'";
        try {
            List<boolean[]> r = sql.query("SELECT @@GLOBAL.performance_schema AS ps, (" + plugins + ") AS mli",
                    rs -> new boolean[]{rs.getInt("ps") == 1, rs.getInt("mli") > 0});
            performanceSchemaOn = r.get(0)[0];
            pluginActive = r.get(0)[1];
        } catch (SQLException e) {
            if (!SqlErrors.isDegradable(e)) {
                throw e;
            }
            // Built without performance_schema (the variable is unknown): ask about the plugin alone.
            pluginActive = sql.query(plugins, rs -> rs.getInt(1) > 0).get(0);
        }
        String instrumentReason = null;
        if (performanceSchemaOn) {
            try {
                List<String> enabled = sql.query("SELECT ENABLED FROM performance_schema.setup_instruments WHERE NAME = '"
                        + MDL_INSTRUMENT + "'", rs -> rs.getString(1));
                if (!enabled.isEmpty() && "YES".equalsIgnoreCase(enabled.get(0))) {
                    source = Source.PERFORMANCE_SCHEMA;
                    return source;
                }
                instrumentReason = "the performance_schema instrument " + MDL_INSTRUMENT + " is disabled";
            } catch (SQLException e) {
                if (!SqlErrors.isDegradable(e)) {
                    throw e;
                }
                instrumentReason = SqlErrors.text(e);
            }
        }
        if (pluginActive) {
            source = Source.METADATA_LOCK_INFO;
            return source;
        }
        // Not remembered: someone may install the plugin or enable the instrument while dbrescue watches.
        unavailable = new Limitation("metadata lock waits (LOCK TABLES, ALTER and the queries queued behind them)",
                instrumentReason != null ? instrumentReason
                        : "performance_schema is off" + (server.engine() == Engine.MARIADB ? " and the metadata_lock_info plugin is not installed" : ""),
                remedy(performanceSchemaOn, instrumentReason, account));
        return Source.NONE;
    }

    /** Why there is no source and how to enable one; set when {@link #source} last returned NONE. */
    Limitation unavailable() {
        return unavailable;
    }

    private String remedy(boolean performanceSchemaOn, String instrumentReason, String account) {
        String enableInstrument = "UPDATE performance_schema.setup_instruments SET ENABLED = 'YES' WHERE NAME = '" + MDL_INSTRUMENT + "'";
        if (server.engine() == Engine.MARIADB) {
            return "INSTALL SONAME 'metadata_lock_info'" + (performanceSchemaOn ? ", or " + enableInstrument
                    : ", or start the server with performance_schema=ON and performance-schema-instrument='" + MDL_INSTRUMENT + "=ON'");
        }
        if (!performanceSchemaOn) {
            return "start the server with performance_schema=ON";
        }
        if (instrumentReason != null && instrumentReason.contains("disabled")) {
            return enableInstrument;
        }
        return "GRANT SELECT ON performance_schema.* TO " + MySqlNames.accountForGrant(account);
    }

    /** How long a waiter has been in its statement: the best wait time the processlist offers. */
    private static Double statementSeconds(ProcessRow row) {
        return row == null || !row.busy() ? null : row.timeSeconds();
    }

    private static String ids(List<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
