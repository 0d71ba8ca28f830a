package dev.dbrescue.mysql;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MyCnfTest {

    @Test
    void readsClientAndMysqlGroupsAndIgnoresOthers() {
        String text = """
                # my options
                [mysqld]
                user = mysql
                password = server-side

                [client]
                user = alice
                password = "s3cr#t with space" # trailing comment
                ; another comment
                !include /etc/mysql/extra.cnf

                [mysqldump]
                password = dumppw
                """;
        Map<String, String> options = MyCnf.options(text, MyCnf.CLIENT_GROUPS);
        assertThat(options).containsEntry("user", "alice").containsEntry("password", "s3cr#t with space");
        assertThat(options).hasSize(2);
    }

    @Test
    void laterLinesWinWhateverTheirGroup() {
        String text = """
                [mysql]
                password=first
                [client]
                password=second
                """;
        assertThat(MyCnf.options(text, MyCnf.CLIENT_GROUPS)).containsEntry("password", "second");
    }

    @Test
    void bareValuesLoseCommentsAndKeepEscapes() {
        assertThat(MyCnf.value(" plain # comment")).isEqualTo("plain");
        assertThat(MyCnf.value("'single # quoted'")).isEqualTo("single # quoted");
        assertThat(MyCnf.value("\"tab\\there\"")).isEqualTo("tab\there");
        assertThat(MyCnf.value("back\\\\slash")).isEqualTo("back\\slash");
        assertThat(MyCnf.value("sp\\sace")).isEqualTo("sp ace");
    }

    @Test
    void optionNamesAcceptDashOrUnderscoreAndAnyCase() {
        Map<String, String> options = MyCnf.options("[CLIENT]\nSSL_MODE = REQUIRED\nPassword=x\n", MyCnf.CLIENT_GROUPS);
        assertThat(options).containsEntry("ssl-mode", "REQUIRED").containsEntry("password", "x");
    }

    @Test
    void passwordWithoutValueMeansAskAndOverridesAnEarlierOne() {
        Map<String, String> options = MyCnf.options("[client]\npassword=old\npassword\n", MyCnf.CLIENT_GROUPS);
        assertThat(options).containsKey("password");
        assertThat(options.get("password")).isNull();
    }
}
