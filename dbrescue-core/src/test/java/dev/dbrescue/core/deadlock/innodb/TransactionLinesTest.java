package dev.dbrescue.core.deadlock.innodb;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TransactionLinesTest {

    @Test
    void transactionIds() {
        assertThat(TransactionLines.trxId("0 3793488")).isEqualTo("3793488");
        assertThat(TransactionLines.trxId("1 5")).isEqualTo("4294967301");
        assertThat(TransactionLines.trxId("3BF88F886")).isEqualTo("3BF88F886");
        assertThat(TransactionLines.trxId("43260")).isEqualTo("43260");
    }

    @Test
    void transactionLine() {
        TransactionLines.Header h = TransactionLines.header("TRANSACTION 0 3793489, ACTIVE 2 sec, process no 5488,"
                + " OS thread id 1141422400 starting index read, thread declared inside InnoDB 500");
        assertThat(h.trxId()).isEqualTo("3793489");
        assertThat(h.activeSeconds()).isEqualTo(2.0);
        assertThat(h.state()).isEqualTo("starting index read");
        TransactionLines.Header prepared = TransactionLines.header("TRANSACTION 99, ACTIVE (PREPARED) 7 sec");
        assertThat(prepared.activeSeconds()).isEqualTo(7.0);
        assertThat(prepared.state()).isNull();
        assertThat(TransactionLines.header("TRANSACTIONS")).isNull();
    }

    @Test
    void lockCounts() {
        assertThat(TransactionLines.locks("LOCK WAIT 3 lock struct(s), heap size 376, 3 row lock(s), undo log entries 2"))
                .containsExactly(3L, 3L, 2L);
        assertThat(TransactionLines.locks("4 lock struct(s), heap size 1216")).containsExactly(4L, null, null);
        assertThat(TransactionLines.tables("mysql tables in use 15, locked 15")).containsExactly(15, 15);
    }

    @Test
    void threadLines() {
        TransactionLines.Thread both = TransactionLines.thread("MySQL thread id 29247292, OS thread handle 0x7fd903731700,"
                + " query id 2598871462 bm-dell05.example.com 10.10.9.210 root update");
        assertThat(both.threadId()).isEqualTo(29247292L);
        assertThat(both.osHandle()).isEqualTo(0x7fd903731700L);
        assertThat(both.host()).isEqualTo("bm-dell05.example.com");
        assertThat(both.user()).isEqualTo("root");
        assertThat(both.state()).isEqualTo("update");

        TransactionLines.Thread old = TransactionLines.thread("MySQL thread id 11, query id 350 localhost baron Updating");
        assertThat(old.osHandle()).isNull();
        assertThat(old.user()).isEqualTo("baron");

        TransactionLines.Thread multiWord = TransactionLines.thread(
                "MySQL thread id 384855, query id 79940498 10.8.0.86 robot Sending data");
        assertThat(multiWord.host()).isEqualTo("10.8.0.86");
        assertThat(multiWord.state()).isEqualTo("Sending data");

        TransactionLines.Thread maria = TransactionLines.thread(
                "MariaDB thread id 16, OS thread handle 139998151345920, query id 118 localhost ::1 root Updating");
        assertThat(maria.osHandle()).isEqualTo(139998151345920L);
        assertThat(maria.host()).isEqualTo("localhost");
        assertThat(maria.user()).isEqualTo("root");

        TransactionLines.Thread bare = TransactionLines.thread("MySQL thread id 4567, OS thread handle 12345, query id 67890");
        assertThat(bare.host()).isNull();
        assertThat(bare.user()).isNull();
    }
}
