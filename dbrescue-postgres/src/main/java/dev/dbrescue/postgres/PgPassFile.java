package dev.dbrescue.postgres;

import dev.dbrescue.core.target.ClientEnvironment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * libpq's password file, read the way libpq reads it (https://www.postgresql.org/docs/current/libpq-pgpass.html,
 * {@code passwordFromFile} in src/interfaces/libpq/fe-connect.c): {@code PGPASSFILE} or {@code ~/.pgpass}; lines
 * {@code hostname:port:database:username:password}; a field that is exactly {@code *} matches anything; {@code \:}
 * and {@code \\} escape; the first matching line wins; {@code #} starts a comment line. Like libpq, a file that
 * group or others may read is ignored, so dbrescue uses a password exactly when psql would.
 */
final class PgPassFile {

    private static final Set<PosixFilePermission> TOO_OPEN = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PgPassFile() {
    }

    /** Where libpq looks: {@code PGPASSFILE}, else {@code ~/.pgpass}. */
    static Path location(ClientEnvironment environment) {
        return environment.variable("PGPASSFILE").map(Path::of).orElseGet(() -> environment.home().resolve(".pgpass"));
    }

    /** The password for these connection parameters, if the user's password file has one. */
    static Optional<String> lookup(ClientEnvironment environment, String host, int port, String database, String user) {
        Path file = location(environment);
        if (!Files.isRegularFile(file) || !privateToOwner(file)) {
            return Optional.empty();
        }
        try {
            return find(Files.readAllLines(file, StandardCharsets.UTF_8), host, port, database, user);
        } catch (IOException | RuntimeException unreadable) {
            // libpq silently goes on without a password when it cannot read the file; the server then says
            // what is missing, and our authentication message names the places passwords come from.
            return Optional.empty();
        }
    }

    /** The first line's password whose four fields match; pure, for tests. */
    static Optional<String> find(List<String> lines, String host, int port, String database, String user) {
        String hostName = host != null && host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        String[] wanted = {hostName, Integer.toString(port), database, user};
        for (String raw : lines) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<Field> fields = split(line);
            if (fields.size() < 5) {
                continue; // libpq skips a line without a password field
            }
            boolean matches = true;
            for (int i = 0; i < 4 && matches; i++) {
                matches = fields.get(i).matches(wanted[i]);
            }
            if (matches) {
                return Optional.of(fields.get(4).text());
            }
        }
        return Optional.empty();
    }

    /** Splits on unescaped colons, removing the escapes; remembers which fields were a bare {@code *}. */
    private static List<Field> split(String line) {
        List<Field> fields = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean escaped = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                current.append(line.charAt(++i));
                escaped = true;
            } else if (c == ':') {
                fields.add(new Field(current.toString(), !escaped && current.toString().equals("*")));
                current.setLength(0);
                escaped = false;
            } else {
                current.append(c);
            }
        }
        fields.add(new Field(current.toString(), !escaped && current.toString().equals("*")));
        return fields;
    }

    private static boolean privateToOwner(Path file) {
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (posix == null) {
            return true; // libpq does not check permissions where there are none (Windows)
        }
        try {
            Set<PosixFilePermission> permissions = posix.readAttributes().permissions();
            return permissions.stream().noneMatch(TOO_OPEN::contains);
        } catch (IOException e) {
            return false;
        }
    }

    private record Field(String text, boolean wildcard) {
        boolean matches(String value) {
            return wildcard || text.equals(value);
        }
    }
}
