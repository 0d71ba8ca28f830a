package dev.dbrescue.testkit.lab;

import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;

import java.util.List;
import java.util.stream.Collectors;

/** The incident lab's scenarios, by their contract names. */
public final class Lab {

    private Lab() {
    }

    /** Every scenario, in the order the README lists them. */
    public static List<Scenario> scenarios() {
        return List.of(
                new RowLockWait(),
                new LockOrderDeadlock(),
                new SharedToExclusiveDeadlock(),
                new ForeignKeyDeadlock(),
                new GapInsertDeadlock(),
                new IdleTransactionLockQueue(),
                new LockConvoy(),
                new UnindexedUpdate(),
                new LockWaitTimeout(),
                new ConnectionExhaustion());
    }

    public static Scenario scenario(String name) {
        return scenarios().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() ->
                new DbRescueException(ErrorCode.USAGE, "Unknown lab scenario '" + name + "': use one of "
                        + scenarios().stream().map(Scenario::name).collect(Collectors.joining(", ")) + "."));
    }
}
