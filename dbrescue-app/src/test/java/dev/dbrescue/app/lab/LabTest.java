package dev.dbrescue.app.lab;

import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;
import dev.dbrescue.testkit.lab.Lab;
import dev.dbrescue.testkit.lab.Scenario;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lab's scenario names are a command-line contract. */
class LabTest {

    @Test
    void scenariosAreTheContractNamesInOrder() {
        assertThat(Lab.scenarios()).extracting(Scenario::name).containsExactly(
                "row-lock-wait", "lock-order-deadlock", "shared-to-exclusive-deadlock", "foreign-key-deadlock",
                "gap-insert-deadlock", "idle-transaction-lock-queue", "lock-convoy", "unindexed-update",
                "lock-wait-timeout", "connection-exhaustion");
        assertThat(Lab.scenarios()).allSatisfy(s -> assertThat(s.description()).isNotBlank());
    }

    @Test
    void findsAScenarioByName() {
        assertThat(Lab.scenario("lock-convoy").name()).isEqualTo("lock-convoy");
    }

    @Test
    void anUnknownNameIsAUsageErrorListingTheNames() {
        assertThatThrownBy(() -> Lab.scenario("row-lock"))
                .isInstanceOfSatisfying(DbRescueException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                .hasMessageContaining("Unknown lab scenario 'row-lock'")
                .hasMessageContaining("row-lock-wait, lock-order-deadlock")
                .hasMessageContaining("connection-exhaustion");
    }
}
