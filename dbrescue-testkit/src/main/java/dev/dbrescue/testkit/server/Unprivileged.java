package dev.dbrescue.testkit.server;

import com.sun.security.auth.module.UnixSystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Running PostgreSQL when the JVM is root (CI is).
 * <p>
 * {@code initdb}, {@code pg_ctl} and {@code postgres} refuse to run as root ("cannot be run as root ... must be run
 * as the user that will own the server process"), so as root we run them as {@code nobody} through
 * {@code setpriv} (util-linux, present on every Debian/Ubuntu) or, failing that, {@code runuser}. The data directory
 * is handed to {@code nobody}, and every parent directory must let {@code nobody} pass through.
 */
final class Unprivileged {

    /** An account from /etc/passwd. */
    record Account(String name, int uid, int gid) {
    }

    private static final String USER = "nobody";

    private Unprivileged() {
    }

    /** True when this JVM runs as root, so servers that refuse root must run as {@link #account()}. */
    static boolean needed() {
        return new UnixSystem().getUid() == 0;
    }

    static Account account() {
        try (Stream<String> lines = Files.lines(Path.of("/etc/passwd"))) {
            return lines.map(line -> line.split(":"))
                    .filter(f -> f.length >= 4 && f[0].equals(USER))
                    .findFirst()
                    .map(f -> new Account(f[0], Integer.parseInt(f[2]), Integer.parseInt(f[3])))
                    .orElseThrow(() -> new IllegalStateException("Running as root, PostgreSQL must run as an "
                            + "unprivileged user, but /etc/passwd has no '" + USER + "'; run the tests as a normal user"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read /etc/passwd: " + e.getMessage(), e);
        }
    }

    /** {@code command}, run as {@code account}. */
    static List<String> command(Account account, List<String> command) {
        List<String> wrapped = new ArrayList<>();
        Path setpriv = firstExisting("/usr/bin/setpriv", "/bin/setpriv");
        Path runuser = firstExisting("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser");
        if (setpriv != null) {
            wrapped.addAll(List.of(setpriv.toString(), "--reuid=" + account.uid(), "--regid=" + account.gid(),
                    "--clear-groups", "--"));
        } else if (runuser != null) {
            wrapped.addAll(List.of(runuser.toString(), "-u", account.name(), "--"));
        } else {
            throw new IllegalStateException("Running as root, PostgreSQL must run as '" + account.name()
                    + "', but neither setpriv nor runuser is installed; install util-linux or run the tests as a normal user");
        }
        wrapped.addAll(command);
        return wrapped;
    }

    /** Gives {@code directory} and everything in it to {@code account}. */
    static void handOver(Path directory, Account account) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Files.setAttribute(path, "unix:uid", account.uid(), java.nio.file.LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(path, "unix:gid", account.gid(), java.nio.file.LinkOption.NOFOLLOW_LINKS);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot give " + directory + " to " + account.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Adds the "others may pass through" bit to {@code directory} and its parents where missing (never the read
     * bit: others still cannot list them), so that {@code nobody} can reach the binaries and the data directory,
     * e.g. when java.io.tmpdir lies under /root.
     */
    static void makeTraversable(Path directory) {
        for (Path dir = directory.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            try {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
                if (permissions.add(PosixFilePermission.OTHERS_EXECUTE)) {
                    Files.setPosixFilePermissions(dir, permissions);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot let " + USER + " through " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    private static Path firstExisting(String... candidates) {
        for (String candidate : candidates) {
            Path path = Path.of(candidate);
            if (Files.isExecutable(path)) {
                return path;
            }
        }
        return null;
    }
}
