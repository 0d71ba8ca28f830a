package dev.dbrescue.app.kill;

import dev.dbrescue.app.CliErrorsIT;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;


import static org.assertj.core.api.Assertions.assertThat;

/** Bad selectors and options end in one line and exit code 2, before anything connects (the target is a closed port). */
class KillCliTest {

    private static final String NOWHERE = "mysql://root:sekrit99@127.0.0.1:1/test";

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "''| at least one selector",
            "--exclude-user repl| exclusions alone",
            "--idle 5m --busy 1m| --idle and --busy cannot both match one session",
            "--idle-in-transaction 1m --busy 1m| --idle-in-transaction and --busy",
            "--user app --exclude-user app| --user app and --exclude-user app contradict each other",
            "--root-blockers --exclude-root-blockers| contradict each other",
            "--idle -5s| '-5s' is negative",
            "--idle soon| 'soon' is not a duration",
            "--blocking-for 1x| '1x' is not a duration",
            "--min-waiters 0| --min-waiters takes a number of sessions of 1 or more",
            "--min-waiters many| 'many'",
            "--query (unclosed| --query '(unclosed' is not a regular expression",
            "--exclude-query [z-a] --idle 1m| --exclude-query '[z-a]' is not a regular expression",
            "--idle 1m --mode query| --mode query cancels the running statement",
            "--busy 1m --mode kill| unknown mode 'kill'",
            "--root-blockers --yes| --yes confirms --execute, which is missing",
            "--root-blockers --watch 0.2| --watch takes 1 second or more",
            "--root-blockers --watch --max-kills-per-minute 0| --max-kills-per-minute takes 1 or more",
            "--root-blockers --execute| --execute asks for confirmation on a terminal, and there is none",
    })
    void badSelectorsAreOneLineAndExitTwo(String options, String message) {
        String[] args = (options.isBlank() ? NOWHERE : options + " " + NOWHERE).split(" ");
        String[] full = new String[args.length + 1];
        full[0] = "kill";
        System.arraycopy(args, 0, full, 1, args.length);
        CliErrorsIT.Run r = CliErrorsIT.run(full);
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("dbrescue: ").contains(message).doesNotContain("sekrit99").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void watchWithoutSecondsLeavesTheTargetForTheTarget() {
        // the default interval, and the target is read as the target: the closed port is reached for (exit 3)
        CliErrorsIT.Run r = CliErrorsIT.run("kill", "--root-blockers", "--watch", NOWHERE);
        assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
        assertThat(r.err()).contains("127.0.0.1:1").doesNotContain("sekrit99");
    }
}
