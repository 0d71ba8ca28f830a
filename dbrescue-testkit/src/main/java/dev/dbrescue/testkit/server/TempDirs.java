package dev.dbrescue.testkit.server;

import com.sun.security.auth.module.UnixSystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/** Where embedded servers keep their binaries (shared, per OS user) and their data (one directory per server). */
final class TempDirs {

    private TempDirs() {
    }

    /** A fresh directory for one server's data, socket and log, e.g. /tmp/dbrescue-mariadb-123/. */
    static Path newInstanceDirectory(String engine) {
        try {
            return Files.createTempDirectory("dbrescue-" + engine + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a directory under " + tmp() + ": " + e.getMessage(), e);
        }
    }

    /**
     * /tmp/dbrescue-cache-USER: one per OS user, so that root's CI run and a developer's run do not fight over file
     * owners; mode 755 so that {@code nobody} can read the PostgreSQL binaries when we are root.
     */
    static Path cacheRoot() {
        Path root = tmp().resolve("dbrescue-cache-" + System.getProperty("user.name"));
        try {
            if (!Files.isDirectory(root)) {
                Files.createDirectories(root);
                Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            int owner = (Integer) Files.getAttribute(root, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (owner != new UnixSystem().getUid()) {
                // Someone else's directory in a shared /tmp: never run binaries from it.
                throw new IllegalStateException(root + " belongs to another user (uid " + owner
                        + "); remove it or run with -Djava.io.tmpdir=<a directory of yours>");
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + root + ": " + e.getMessage(), e);
        }
    }

    static void deleteRecursively(Path directory) {
        if (directory == null || !Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // best effort: a leftover file in the temp directory is harmless
                }
            });
        } catch (IOException ignored) {
            // same
        }
    }

    private static Path tmp() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }
}
