package dev.dbrescue.testkit.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

/**
 * Server binaries unpacked once per machine and user, then reused by every JVM (unpacking MariaDB's 330 MB takes
 * seconds; a cached directory takes nothing).
 * <p>
 * Several JVMs may start at once (parallel builds, the demo beside the tests): each unpacks into its own partial
 * directory and renames it into place atomically; a JVM that loses the race throws its copy away.
 */
final class BinaryCache {

    @FunctionalInterface
    interface Unpacker {
        void unpackInto(Path emptyDirectory) throws IOException;
    }

    private static final Duration ABANDONED = Duration.ofHours(1);

    private BinaryCache() {
    }

    /** The directory holding the binaries named {@code key} (name and version), unpacked on first use. */
    static synchronized Path directory(String key, Unpacker unpacker) {
        Path root = TempDirs.cacheRoot();
        Path target = root.resolve(key);
        if (Files.isDirectory(target)) {
            return target;
        }
        removeAbandonedPartials(root, key);
        Path partial = null;
        try {
            partial = Files.createTempDirectory(root, key + ".partial-");
            unpacker.unpackInto(partial);
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException anotherJvmWasFaster) {
            // fine: the complete directory is there
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack " + key + " into " + root + ": " + e.getMessage(), e);
        } finally {
            TempDirs.deleteRecursively(partial);
        }
        return target;
    }

    /** Partial directories of JVMs killed while unpacking (hundreds of MB each). */
    private static void removeAbandonedPartials(Path root, String key) {
        FileTime before = FileTime.from(Instant.now().minus(ABANDONED));
        try (Stream<Path> entries = Files.list(root)) {
            entries.filter(p -> p.getFileName().toString().startsWith(key + ".partial-"))
                    .filter(p -> {
                        try {
                            return Files.getLastModifiedTime(p).compareTo(before) < 0;
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .forEach(TempDirs::deleteRecursively);
        } catch (IOException ignored) {
            // nothing to clean
        }
    }
}
