/**
 * MySQL 5.7 / 8.x and MariaDB 10.3+ for dbrescue: {@link dev.dbrescue.mysql.MySqlFamily} (targets, credentials,
 * detection, a safe session, connection failures) and {@link dev.dbrescue.mysql.MySqlLockSnapshotReader} (one lock
 * snapshot).
 *
 * <p>Where the snapshot comes from:
 * <table>
 *   <caption>Sources per server</caption>
 *   <tr><th>what</th><th>MySQL 8.0+</th><th>MySQL 5.7</th><th>MariaDB 10.3+</th></tr>
 *   <tr><td>sessions, transactions</td><td colspan="3">information_schema.PROCESSLIST left join INNODB_TRX</td></tr>
 *   <tr><td>row / table lock waits</td><td>performance_schema.data_lock_waits, data_locks, threads</td>
 *       <td colspan="2">information_schema.INNODB_LOCK_WAITS, INNODB_LOCKS, INNODB_TRX</td></tr>
 *   <tr><td>row lock waits listed without a blocker (MariaDB 10.11.5: shared and gap lock holders)</td><td>-</td>
 *       <td colspan="2">inferred, and labelled so: the requested lock (INNODB_TRX, INNODB_LOCKS), then other
 *       transactions holding row locks and a metadata lock on its table or a child table (metadata lock source
 *       below, INNODB_SYS_FOREIGN)</td></tr>
 *   <tr><td>metadata lock waits</td><td colspan="2">performance_schema.metadata_locks (instrument
 *       wait/lock/metadata/sql/mdl: on by default in 8.0, off in 5.7)</td>
 *       <td>performance_schema.metadata_locks when on, else METADATA_LOCK_INFO (granted only; pending requests
 *       inferred from the waiters' statements)</td></tr>
 * </table>
 */
package dev.dbrescue.mysql;
