package dev.dbrescue.app.deadlocks;

import dev.dbrescue.core.connect.Connector;
import dev.dbrescue.core.deadlock.Deadlock;
import dev.dbrescue.core.deadlock.DeadlockFormats;
import dev.dbrescue.core.deadlock.DeadlockSink;
import dev.dbrescue.core.deadlock.ParseWarning;
import dev.dbrescue.core.deadlock.analysis.AnalyzedDeadlock;
import dev.dbrescue.core.target.ClientEnvironment;
import dev.dbrescue.core.target.Target;
import dev.dbrescue.testkit.lab.Incident;
import dev.dbrescue.testkit.lab.Lab;
import dev.dbrescue.testkit.lab.LabContext;
import dev.dbrescue.testkit.server.EmbeddedMariaDb;
import dev.dbrescue.testkit.server.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every deadlock the lab makes, read back the way a user would read it after the fact: on MariaDB from SHOW ENGINE
 * INNODB STATUS and from the error log (innodb_print_all_deadlocks), on PostgreSQL from the server log; then
 * {@code deadlocks parse} must find it, name its pattern, and name as victim the session that got the error.
 */
class LabDeadlockReportsIT {

    private static final Pattern VICTIM = Pattern.compile("\\(session (\\d+)\\) got ERROR (1213|40P01)");

    private static EmbeddedMariaDb mariadb;
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startServers() {
        List<String> settings = new ArrayList<>(EmbeddedMariaDb.METADATA_LOCK_VISIBILITY);
        settings.add("--innodb-print-all-deadlocks=ON");
        mariadb = EmbeddedMariaDb.start(settings);
        postgres = EmbeddedPostgres.start(Map.of("log_lock_waits", "on", "deadlock_timeout", "200ms"));
    }

    @AfterAll
    static void stopServers() {
        if (mariadb != null) {
            mariadb.stop();
        }
        if (postgres != null) {
            postgres.stop();
        }
    }

    /** Runs the scenario to its real deadlock; returns the victim's session id from the lab's outcome. */
    private static long provoke(String scenario, String uri) throws Exception {
        LabContext context = new LabContext(Target.parse(uri), new Connector(ClientEnvironment.current()), Duration.ofSeconds(5),
                new PrintWriter(new StringWriter()));
        try (Incident incident = Lab.scenario(scenario).start(context)) {
            List<String> outcome = incident.finish();
            for (String line : outcome) {
                Matcher m = VICTIM.matcher(line);
                if (m.find()) {
                    return Long.parseLong(m.group(1));
                }
            }
            throw new AssertionError("no deadlock victim in the lab's outcome: " + outcome);
        }
    }

    private static List<AnalyzedDeadlock> parse(BufferedReader input, String source) throws Exception {
        List<AnalyzedDeadlock> found = new ArrayList<>();
        List<ParseWarning> warnings = new ArrayList<>();
        DeadlockFormats.parse(input, source, new DeadlockSink() {
            @Override
            public void deadlock(Deadlock deadlock) {
                found.add(AnalyzedDeadlock.of(deadlock));
            }

            @Override
            public void warning(ParseWarning warning) {
                warnings.add(warning);
            }
        });
        return found;
    }


    @ParameterizedTest(name = "{0}")
    @CsvSource({"lock-order-deadlock, lock-order", "shared-to-exclusive-deadlock, shared-to-exclusive",
            "foreign-key-deadlock, foreign-key", "gap-insert-deadlock, gap-insert"})
    void mariadbStatusAndErrorLog(String scenario, String pattern) throws Exception {
        long victim = provoke(scenario, mariadb.uri());

        List<AnalyzedDeadlock> fromStatus = parse(new BufferedReader(new StringReader(LabDeadlocks.innodbStatus(mariadb.uri()))), "status");
        assertThat(fromStatus).as("deadlocks in SHOW ENGINE INNODB STATUS").hasSize(1);
        AnalyzedDeadlock latest = fromStatus.get(0);
        assertThat(latest.pattern().jsonName()).isEqualTo(pattern);
        assertThat(latest.deadlock().transactions()).hasSize(2);
        assertThat(latest.deadlock().victimThreadId()).as("victim").isEqualTo(victim);

        List<AnalyzedDeadlock> fromLog;
        try (BufferedReader log = Files.newBufferedReader(mariadb.errorLog())) {
            fromLog = parse(log, mariadb.errorLog().toString());
        }
        assertThat(fromLog).as("deadlocks in the error log").isNotEmpty();
        AnalyzedDeadlock logged = fromLog.get(fromLog.size() - 1);
        assertThat(logged.pattern().jsonName()).isEqualTo(pattern);
        assertThat(logged.deadlock().victimThreadId()).isEqualTo(victim);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"lock-order-deadlock, lock-order", "shared-to-exclusive-deadlock, shared-to-exclusive",
            "foreign-key-deadlock, shared-to-exclusive", "gap-insert-deadlock, unique-key-insert"})
    void postgresServerLog(String scenario, String pattern) throws Exception {
        long victim = provoke(scenario, postgres.uri());
        Thread.sleep(300); // the logger writes asynchronously
        List<AnalyzedDeadlock> fromLog;
        try (BufferedReader log = Files.newBufferedReader(postgres.serverLog())) {
            fromLog = parse(log, postgres.serverLog().toString());
        }
        AnalyzedDeadlock last = fromLog.stream().filter(d -> d.deadlock().victimThreadId() != null
                && d.deadlock().victimThreadId() == victim).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no deadlock with victim " + victim + " in " + fromLog));
        assertThat(last.pattern().jsonName()).isEqualTo(pattern);
        assertThat(last.deadlock().transactions()).hasSize(2);
    }
}
