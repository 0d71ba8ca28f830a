package dev.dbrescue.mysql;

import dev.dbrescue.core.model.LockRef;
import dev.dbrescue.core.model.LockWait;
import dev.dbrescue.core.model.Snapshot.HeldLock;
import dev.dbrescue.core.model.WaitKind;
import dev.dbrescue.testkit.server.TestServers;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MySQL 8 statement of {@link DataLockWaitsReader}, run by a real server over stand-ins of the three
 * performance_schema tables it reads: no MySQL 8 runs here, and MariaDB has no data_locks. The stand-ins have the
 * columns the MySQL 8.0 manual lists (performance-schema-data-locks-table.html, -data-lock-waits-table.html,
 * -threads-table.html) and rows shaped like its examples, so a misspelt column or a wrong join fails here.
 */
class DataLockWaitsSqlIT {

    @Test
    void theStatementJoinsWaitsToBothLocksAndToProcesslistIds() throws Exception {
        try (ScratchDatabase db = ScratchDatabase.on(TestServers.mariadb().uri())) {
            String s = MySqlNames.quote(db.schema);
            db.admin("CREATE TABLE " + s + ".data_locks (ENGINE VARCHAR(32) NOT NULL, ENGINE_LOCK_ID VARCHAR(128) NOT NULL,"
                    + " ENGINE_TRANSACTION_ID BIGINT UNSIGNED, THREAD_ID BIGINT UNSIGNED, EVENT_ID BIGINT UNSIGNED,"
                    + " OBJECT_SCHEMA VARCHAR(64), OBJECT_NAME VARCHAR(64), PARTITION_NAME VARCHAR(64),"
                    + " SUBPARTITION_NAME VARCHAR(64), INDEX_NAME VARCHAR(64), OBJECT_INSTANCE_BEGIN BIGINT UNSIGNED NOT NULL,"
                    + " LOCK_TYPE VARCHAR(32) NOT NULL, LOCK_MODE VARCHAR(32) NOT NULL, LOCK_STATUS VARCHAR(32) NOT NULL,"
                    + " LOCK_DATA VARCHAR(8192), PRIMARY KEY (ENGINE_LOCK_ID, ENGINE))");
            db.admin("CREATE TABLE " + s + ".data_lock_waits (ENGINE VARCHAR(32) NOT NULL,"
                    + " REQUESTING_ENGINE_LOCK_ID VARCHAR(128) NOT NULL, REQUESTING_ENGINE_TRANSACTION_ID BIGINT UNSIGNED,"
                    + " REQUESTING_THREAD_ID BIGINT UNSIGNED, REQUESTING_EVENT_ID BIGINT UNSIGNED,"
                    + " REQUESTING_OBJECT_INSTANCE_BEGIN BIGINT UNSIGNED NOT NULL, BLOCKING_ENGINE_LOCK_ID VARCHAR(128) NOT NULL,"
                    + " BLOCKING_ENGINE_TRANSACTION_ID BIGINT UNSIGNED, BLOCKING_THREAD_ID BIGINT UNSIGNED,"
                    + " BLOCKING_EVENT_ID BIGINT UNSIGNED, BLOCKING_OBJECT_INSTANCE_BEGIN BIGINT UNSIGNED NOT NULL)");
            db.admin("CREATE TABLE " + s + ".threads (THREAD_ID BIGINT UNSIGNED NOT NULL PRIMARY KEY, NAME VARCHAR(128),"
                    + " TYPE VARCHAR(10), PROCESSLIST_ID BIGINT UNSIGNED, PROCESSLIST_USER VARCHAR(32))");
            db.admin("INSERT INTO " + s + ".threads VALUES (46, 'thread/sql/one_connection', 'FOREGROUND', 8, 'app'),"
                    + " (47, 'thread/sql/one_connection', 'FOREGROUND', 9, 'app'),"
                    + " (48, 'thread/sql/one_connection', 'FOREGROUND', 10, 'app')");
            db.admin("INSERT INTO " + s + ".data_locks VALUES"
                    // 46 holds X on the supremum of shop.orders, 47 waits to insert before it, 48 waits behind 47.
                    + " ('INNODB', '1:2:4:1:100', 2569, 46, 12, 'shop', 'orders', NULL, NULL, 'PRIMARY', 100, 'RECORD', 'X', 'GRANTED', 'supremum pseudo-record'),"
                    + " ('INNODB', '1:1059:99', 2569, 46, 12, 'shop', 'orders', NULL, NULL, NULL, 99, 'TABLE', 'IX', 'GRANTED', NULL),"
                    + " ('INNODB', '2:2:4:1:200', 2570, 47, 5, 'shop', 'orders', NULL, NULL, 'PRIMARY', 200, 'RECORD', 'X,INSERT_INTENTION', 'WAITING', 'supremum pseudo-record'),"
                    + " ('INNODB', '3:2:4:2:300', 2571, 48, 7, 'shop', 'orders', NULL, NULL, 'PRIMARY', 300, 'RECORD', 'X,REC_NOT_GAP', 'WAITING', '5'),"
                    + " ('INNODB', '2:2:4:2:201', 2570, 47, 5, 'shop', 'orders', NULL, NULL, 'PRIMARY', 201, 'RECORD', 'X,REC_NOT_GAP', 'GRANTED', '5')");
            db.admin("INSERT INTO " + s + ".data_lock_waits VALUES"
                    + " ('INNODB', '2:2:4:1:200', 2570, 47, 5, 200, '1:2:4:1:100', 2569, 46, 12, 100),"
                    + " ('INNODB', '3:2:4:2:300', 2571, 48, 7, 300, '2:2:4:2:201', 2570, 47, 5, 201)");

            WaitEdges edges = new DataLockWaitsReader(s).read(new SqlRunner(db.adminConnection()), Map.of());
            LockRef supremum = new LockRef("RECORD", "X", "shop", "orders", "PRIMARY", "supremum pseudo-record");
            LockRef insert = new LockRef("RECORD", "X,INSERT_INTENTION", "shop", "orders", "PRIMARY", "supremum pseudo-record");
            LockRef key5 = new LockRef("RECORD", "X,REC_NOT_GAP", "shop", "orders", "PRIMARY", "5");
            assertThat(edges.waits()).containsExactlyInAnyOrder(
                    new LockWait(9, 8, WaitKind.HARD, insert, supremum, null),
                    new LockWait(10, 9, WaitKind.HARD, key5, key5, null));
            assertThat(edges.held()).containsExactlyInAnyOrder(new HeldLock(8, supremum), new HeldLock(9, key5));
        }
    }
}
