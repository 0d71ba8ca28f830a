package dev.dbrescue.app.lab;

import dev.dbrescue.testkit.server.EmbeddedMariaDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.dbrescue.core.analysis.LocksReport;
import dev.dbrescue.core.model.FindingKind;
import dev.dbrescue.testkit.lab.Incident;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deadlock scenarios on a MariaDB with innodb_deadlock_detect=OFF, where a cycle stands until a lock wait
 * timeout: {@code dbrescue locks} must report it as a deadlock-cycle of exactly the two lab sessions. (With
 * detection on, the default, InnoDB breaks the cycle at once; {@link LabScenariosMariaDbIT} covers that case.)
 */
class DeadlockCycleMariaDbIT {

    private static EmbeddedMariaDb server;

    @BeforeAll
    static void startServerWithoutDeadlockDetection() {
        List<String> settings = new ArrayList<>(EmbeddedMariaDb.METADATA_LOCK_VISIBILITY);
        settings.add("--innodb-deadlock-detect=OFF");
        server = EmbeddedMariaDb.start(settings);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lock-order-deadlock", "shared-to-exclusive-deadlock", "foreign-key-deadlock", "gap-insert-deadlock"})
    void standingCycleIsADeadlockCycle(String scenario) throws Exception {
        LabScenarioChecks checks = new LabScenarioChecks(server.uri());
        try (Incident incident = checks.start(scenario)) {
            assertThat(incident.expected().kind()).as("the lab holds a standing cycle").isEqualTo(FindingKind.DEADLOCK_CYCLE);
            LocksReport report = checks.diagnose();
            checks.assertDiagnosis(incident, report);
            assertThat(report.rootBlockers()).as("a pure cycle has no root").isEmpty();
            assertThat(report.findings(FindingKind.DEADLOCK_CYCLE).get(0).action()).startsWith("KILL ");
            checks.assertOutcome(scenario, incident, incident.finish(), true);
        }
    }
}
