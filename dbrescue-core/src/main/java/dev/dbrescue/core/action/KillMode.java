package dev.dbrescue.core.action;

import dev.dbrescue.core.model.Engine;

/**
 * How a session is ended. {@link #CONNECTION} is the default, as in pt-kill (it kills the connection unless told
 * {@code --kill-query}), and it is what lock first aid needs: a session idle in its transaction runs no statement, so
 * cancelling does nothing, and on MySQL/MariaDB a cancelled statement leaves its transaction and every lock it took
 * in place. Only ending the connection rolls the transaction back and releases its locks.
 */
public enum KillMode {
    /** MySQL/MariaDB {@code KILL QUERY}, PostgreSQL {@code pg_cancel_backend}: the running statement only. */
    QUERY("query"),
    /** MySQL/MariaDB {@code KILL}, PostgreSQL {@code pg_terminate_backend}: the session, rolling back its transaction. */
    CONNECTION("connection");

    private final String jsonName;

    KillMode(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    /** The statement that does it, as shown to people and written to the audit log. */
    public String sql(Engine engine, long sessionId) {
        return this == QUERY ? engine.cancelSql(sessionId) : engine.terminateSql(sessionId);
    }
}
