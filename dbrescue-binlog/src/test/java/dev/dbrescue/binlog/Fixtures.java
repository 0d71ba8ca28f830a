package dev.dbrescue.binlog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The captured binlog under src/test/resources/binlog (README, "Test fixtures"): MariaDB 10.11.19, ROW format,
 * binlog_row_metadata=FULL, CRC32, 7 transactions, checked against {@code mariadb-binlog}'s own listing.
 */
public final class Fixtures {

    private Fixtures() {
    }

    public static Path small() {
        return resource("mariadb-10.11-small.000001");
    }

    /** A fixture by name: mariadb-10.11-small.000001, mariadb-10.11-compressed.000001 (log_bin_compress=ON). */
    public static Path resource(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/binlog/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy of the fixture cut after {@code length} bytes. */
    public static Path truncated(Path dir, int length) {
        return write(dir.resolve("truncated.000001"), Arrays.copyOf(bytes(), length));
    }

    /** A copy of the fixture with the byte at {@code offset} inverted. */
    public static Path flipped(Path dir, int offset) {
        byte[] b = bytes();
        b[offset] = (byte) ~b[offset];
        return write(dir.resolve("flipped.000001"), b);
    }

    public static byte[] bytes() {
        try {
            return Files.readAllBytes(small());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path write(Path file, byte[] content) {
        try {
            return Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
