package dev.dbrescue.core.model;

/**
 * What the server said it is.
 *
 * @param engine  detected product
 * @param version the version string as the server reports it, e.g. {@code 10.11.19-MariaDB-0+deb12u1}
 * @param major   numeric version parts, for feature gates
 */
public record ServerInfo(Engine engine, String version, int major, int minor, int patch) {

    public boolean atLeast(int major, int minor) {
        return this.major > major || (this.major == major && this.minor >= minor);
    }

    /** Parses the leading {@code X.Y.Z} of a version string; missing parts are 0. */
    public static ServerInfo of(Engine engine, String version) {
        int[] parts = new int[3];
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?").matcher(version.trim());
        if (m.find()) {
            for (int i = 0; i < 3; i++) {
                parts[i] = m.group(i + 1) == null ? 0 : Integer.parseInt(m.group(i + 1));
            }
        }
        return new ServerInfo(engine, version, parts[0], parts[1], parts[2]);
    }

    @Override
    public String toString() {
        return engine.jsonName() + " " + version;
    }
}
