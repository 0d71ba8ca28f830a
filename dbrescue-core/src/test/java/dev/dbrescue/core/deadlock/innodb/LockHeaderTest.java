package dev.dbrescue.core.deadlock.innodb;

import dev.dbrescue.core.deadlock.LockKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LockHeaderTest {

    private static LockHeader parse(String line) {
        LockHeader h = LockHeader.parse(line);
        assertThat(h).as(line).isNotNull();
        return h;
    }

    @Test
    void kindsFromTheModeWords() {
        String head = "RECORD LOCKS space id 5 page no 3 n bits 8 index PRIMARY of table `test`.`t` trx id 32 ";
        assertThat(parse(head + "lock_mode X locks rec but not gap waiting").kind()).isEqualTo(LockKind.RECORD);
        assertThat(parse(head + "lock_mode X locks rec but not gap waiting").waiting()).isTrue();
        assertThat(parse(head + "lock mode S locks rec but not gap").kind()).isEqualTo(LockKind.RECORD);
        assertThat(parse(head + "lock mode S locks rec but not gap").waiting()).isFalse();
        assertThat(parse(head + "lock_mode X locks gap before rec").kind()).isEqualTo(LockKind.GAP);
        assertThat(parse(head + "lock_mode X locks gap before rec insert intention waiting").kind())
                .isEqualTo(LockKind.INSERT_INTENTION);
        assertThat(parse(head + "lock_mode X insert intention waiting").kind()).isEqualTo(LockKind.INSERT_INTENTION);
        assertThat(parse(head + "lock_mode X").kind()).isEqualTo(LockKind.NEXT_KEY);
        assertThat(parse(head + "lock mode S waiting").mode()).isEqualTo("S");
        assertThat(parse(head + "lock_mode X").object()).isEqualTo("space id 5 page no 3");
        assertThat(LockHeader.parse(head + "lock_mode Q")).isNull();
    }

    @Test
    void quotingStyles() {
        LockHeader ansi = parse("RECORD LOCKS space id 636643 page no 3 n bits 72 index \"PRIMARY\" of table"
                + " \"percona_com_redesign2015\".\"semaphore\" trx id 55984EF58 lock_mode X locks rec but not gap waiting");
        assertThat(ansi.table()).isEqualTo("percona_com_redesign2015.semaphore");
        assertThat(ansi.index()).isEqualTo("PRIMARY");
        assertThat(ansi.trxId()).isEqualTo("55984EF58");

        LockHeader old = parse("RECORD LOCKS space id 0 page no 3662 n bits 72 index `GEN_CLUST_INDEX` of table"
                + " `test/innotop_dl` trx id 0 3793488 lock_mode X waiting");
        assertThat(old.table()).isEqualTo("test.innotop_dl");
        assertThat(old.trxId()).isEqualTo("3793488");

        LockHeader odd = parse("RECORD LOCKS space id 9 page no 4 n bits 80 index `my index` of table `my``db`.`a.b`"
                + " /* Partition `p1` */ trx id 77 lock_mode X");
        assertThat(odd.index()).isEqualTo("my index");
        assertThat(odd.table()).isEqualTo("my`db.a.b");
        assertThat(odd.partition()).isEqualTo("p1");
    }

    @Test
    void tableLocks() {
        LockHeader autoInc = parse("TABLE LOCK table `db`.`gr_v3_response_log` trx id 3BF88F886 lock mode AUTO-INC waiting");
        assertThat(autoInc.table()).isEqualTo("db.gr_v3_response_log");
        assertThat(autoInc.mode()).isEqualTo("AUTO-INC");
        assertThat(autoInc.kind()).isEqualTo(LockKind.TABLE);
        assertThat(autoInc.index()).isNull();
        assertThat(autoInc.waiting()).isTrue();
        assertThat(parse("TABLE LOCK table `test/t` trx id 0 1234 lock mode IX").mode()).isEqualTo("IX");
        assertThat(parse("TABLE LOCK table \"a\".\"b\" trx id 5 lock mode IS").table()).isEqualTo("a.b");
    }
}
