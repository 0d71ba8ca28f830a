package dev.dbrescue.app;

import dev.dbrescue.testkit.server.TestServers;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** Failures a user can cause end in one line and a documented exit code, never a stack trace or a password. */
public class CliErrorsIT {

    /** One command line's exit code and output; shared by the CLI tests of every package. */
    public record Run(int exitCode, String out, String err) {
    }

    public static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DbRescue.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    /** One subcommand, prepared by the test (e.g. with a fake terminal), run on its own through picocli. */
    public static Run runCommand(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cli = new picocli.CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void unreachableServerIsExitThreeInOneLine() throws Exception {
        int port = freePort();
        Run mysql = run("locks", "mysql://root:sekrit99@127.0.0.1:" + port + "/test");
        assertThat(mysql.exitCode()).isEqualTo(3);
        assertThat(mysql.err().strip().lines()).hasSize(1);
        assertThat(mysql.err()).contains("127.0.0.1:" + port).doesNotContain("sekrit99").doesNotContain("\tat ");
        Run pg = run("locks", "postgresql://postgres:sekrit99@127.0.0.1:" + port + "/postgres");
        assertThat(pg.exitCode()).isEqualTo(3);
        assertThat(pg.err().strip().lines()).hasSize(1);
        assertThat(pg.err()).doesNotContain("sekrit99");
    }

    @Test
    void wrongPasswordIsExitFourAndNeverShowsThePassword() throws Exception {
        String uri = TestServers.mariadb().uri();
        String adminJdbc = uri.replaceFirst("^mysql://([^@]*)@", "jdbc:mariadb://");
        try (Connection c = DriverManager.getConnection(adminJdbc, "root", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE USER IF NOT EXISTS 'dbrescue_pw_test'@'%' IDENTIFIED BY 'right-password'");
            s.execute("CREATE USER IF NOT EXISTS 'dbrescue_pw_test'@'localhost' IDENTIFIED BY 'right-password'");
        }
        String hostPort = uri.replaceFirst("^mysql://[^@]*@", "").replaceFirst("/.*$", "");
        Run wrong = run("locks", "mysql://dbrescue_pw_test:wrong-password-42@" + hostPort + "/test");
        assertThat(wrong.exitCode()).isEqualTo(4);
        assertThat(wrong.err().strip().lines()).hasSize(1);
        assertThat(wrong.err()).contains("dbrescue_pw_test").doesNotContain("wrong-password-42");
    }

    @Test
    void badOptionsAreExitTwo() {
        Run format = run("locks", "--format", "yaml", "mysql://root@127.0.0.1/test");
        assertThat(format.exitCode()).isEqualTo(2);
        assertThat(format.err()).contains("unknown format 'yaml'");
        Run scheme = run("locks", "oracle://scott@127.0.0.1");
        assertThat(scheme.exitCode()).isEqualTo(2);
        assertThat(scheme.err()).contains("Unknown target scheme 'oracle'");
        Run lab = run("lab", "no-such-scenario", "mysql://root@127.0.0.1/test");
        assertThat(lab.exitCode()).isEqualTo(2);
        assertThat(lab.err()).contains("row-lock-wait");
    }

    @Test
    void debugShowsTheStackTrace() throws Exception {
        Run run = run("locks", "--debug", "mysql://root@127.0.0.1:" + freePort() + "/test");
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("\tat ");
    }
}
