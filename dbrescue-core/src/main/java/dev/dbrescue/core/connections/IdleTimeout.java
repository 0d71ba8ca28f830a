package dev.dbrescue.core.connections;

/**
 * A server setting that ends sessions left idle, as the server reports it for new sessions.
 *
 * @param name           the server's own name, e.g. {@code wait_timeout}, {@code idle_in_transaction_session_timeout}
 * @param applies        which idle sessions it ends
 * @param seconds        its value; 0 means off
 * @param defaultSeconds the server's built-in default, for saying "at its default"; null when unknown
 */
public record IdleTimeout(String name, Applies applies, double seconds, Double defaultSeconds) {

    /** Which idle sessions a timeout ends. */
    public enum Applies {
        /** Any session idle between statements, in a transaction or not (MySQL wait_timeout). */
        IDLE,
        /** Idle sessions of interactive clients (MySQL interactive_timeout, copied to their wait_timeout at connect). */
        IDLE_INTERACTIVE,
        /** Idle sessions outside a transaction only (PostgreSQL 14+ idle_session_timeout). */
        IDLE_OUTSIDE_TRANSACTION,
        /** Sessions idle inside an open transaction (PostgreSQL idle_in_transaction_session_timeout, MariaDB idle_transaction_timeout). */
        IDLE_IN_TRANSACTION
    }

    public boolean off() {
        return seconds <= 0;
    }

    public boolean atDefault() {
        return defaultSeconds != null && seconds == defaultSeconds;
    }
}
