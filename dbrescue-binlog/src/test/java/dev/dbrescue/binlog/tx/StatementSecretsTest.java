package dev.dbrescue.binlog.tx;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatementSecretsTest {

    @Test
    void passwordsInLoggedStatementsAreMasked() {
        assertThat(StatementSecrets.masked("CREATE USER nop@'%' IDENTIFIED BY 'S3cret''Pw'"))
                .isEqualTo("CREATE USER nop@'%' IDENTIFIED BY '***'");
        assertThat(StatementSecrets.masked("ALTER USER u IDENTIFIED WITH mysql_native_password BY 'x\\'y' "))
                .isEqualTo("ALTER USER u IDENTIFIED WITH mysql_native_password BY '***' ");
        assertThat(StatementSecrets.masked("CREATE USER u IDENTIFIED VIA ed25519 USING PASSWORD('pw')"))
                .isEqualTo("CREATE USER u IDENTIFIED VIA ed25519 USING PASSWORD('***')");
        assertThat(StatementSecrets.masked("SET PASSWORD FOR 'u'@'%' = 'hash'")).endsWith("= '***'");
        assertThat(StatementSecrets.masked("CHANGE MASTER TO MASTER_HOST='h', MASTER_PASSWORD='pw'"))
                .isEqualTo("CHANGE MASTER TO MASTER_HOST='h', MASTER_PASSWORD='***'");
        assertThat(StatementSecrets.masked("UPDATE t SET note = 'identified by' WHERE id = 1"))
                .isEqualTo("UPDATE t SET note = 'identified by' WHERE id = 1");
    }
}
