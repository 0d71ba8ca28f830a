package dev.dbrescue.testkit.lab;

/**
 * A session the lab made and what it does in the incident.
 *
 * @param name      short name used in the narration: {@code A}, {@code B}, ...
 * @param sessionId MySQL processlist id / PostgreSQL pid, as {@code dbrescue locks} shows it
 */
public record Role(String name, long sessionId, String description) {

    @Override
    public String toString() {
        return name + " (session " + sessionId + ")";
    }
}
