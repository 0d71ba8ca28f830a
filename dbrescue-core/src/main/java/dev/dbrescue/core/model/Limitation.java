package dev.dbrescue.core.model;

/**
 * Something the snapshot could not see, and how to let it see: a missing privilege, a feature the server lacks.
 * Reported to the user, never swallowed.
 *
 * @param what   what is missing from the picture, e.g. "metadata locks"
 * @param reason why, in the server's words where possible
 * @param remedy what the user can do, e.g. "GRANT PROCESS ON *.* TO 'monitor'@'%'"
 */
public record Limitation(String what, String reason, String remedy) {
}
