package dev.dbrescue.app;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's main command, {@code bin/dbrescue demo}, as it runs there: its own embedded MariaDB, the lab's
 * incidents, the live diagnosis of each and the first aid an engineer would run next (dry runs only).
 */
class DemoCommandIT {

    @Test
    void embeddedDemoDiagnosesAndShowsFirstAid() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DbRescue.run(new String[]{"demo", "--scenario", "idle-transaction-lock-queue,connection-exhaustion"},
                new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as("stdout:%n%s%nstderr:%n%s", out, err).isZero();
        assertThat(out.toString())
                .contains("Starting an embedded MariaDB")
                .contains("$ dbrescue locks mysql://root@127.0.0.1:")
                .contains("$ dbrescue kill --root-blockers --include-superusers mysql://")
                .contains("Dry run: 1 session would be ended; nothing was done.")
                .contains("$ dbrescue connections mysql://")
                .containsPattern("\\d+ of 60 connections used")
                .contains("2 of 2 incidents diagnosed as the lab expected.");
        assertThat(err.toString()).isEmpty();
    }
}
