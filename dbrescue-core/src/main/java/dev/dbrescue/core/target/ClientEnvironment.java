package dev.dbrescue.core.target;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of the user's environment that client conventions read: environment variables, the home directory
 * (~/.my.cnf, ~/.pgpass) and the login name. Injected so that tests do not depend on the machine.
 */
public record ClientEnvironment(Map<String, String> variables, Path home, String loginName) {

    public static ClientEnvironment current() {
        return new ClientEnvironment(System.getenv(), Path.of(System.getProperty("user.home")), System.getProperty("user.name"));
    }

    public Optional<String> variable(String name) {
        String v = variables.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }
}
