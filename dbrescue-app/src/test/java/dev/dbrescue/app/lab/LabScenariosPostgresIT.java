package dev.dbrescue.app.lab;

import dev.dbrescue.testkit.server.TestServers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every lab scenario on PostgreSQL: it forms on the server, {@code dbrescue locks} names it, it ends and cleans up. */
class LabScenariosPostgresIT {

    private final LabScenarioChecks checks = new LabScenarioChecks(TestServers.postgres().uri());

    static java.util.stream.Stream<String> scenarios() {
        return LabScenarioChecks.scenarioNames();
    }

    /** The server's own views (pg_stat_activity, pg_blocking_pids) show the incident the scenario promises. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void formsOnTheServer(String scenario) throws Exception {
        checks.run(scenario, false);
    }

    /** One snapshot analysed as {@code dbrescue locks} does names the root blocker, its waiters and the finding. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void locksDiagnosesIt(String scenario) throws Exception {
        checks.run(scenario, true);
    }
}
