package dev.dbrescue.binlog.live;

import dev.dbrescue.binlog.Fixtures;
import dev.dbrescue.binlog.tx.Transaction;
import dev.dbrescue.binlog.tx.TransactionScanner;
import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The replication stream turned back into files, fed with the events of the captured binlog (the fixture is the
 * server's binlog.000002, which ends with a ROTATE to binlog.000003) framed as MariaDB sends them: a fake ROTATE
 * before each file.
 */
class SpillFilesTest {

    @TempDir
    Path dir;

    @Test
    void theEventsOfAFileComeOutAsTheFileItselfAndTheNextFileFollowsItsRotate() throws IOException {
        byte[] fixture = Fixtures.bytes();
        byte[] next = event(15, 44, 40, 0); // the next file's first event, from position 4 to 44
        SpillFiles spill = new SpillFiles(dir, List.of("binlog.000002", "binlog.000003"), 44);

        assertThat(spill.accept(fakeRotate("binlog.000002"), "binlog.000002")).isFalse();
        for (byte[] event : events(fixture)) {
            assertThat(spill.accept(event, rotateName(event))).isFalse();
        }
        assertThat(spill.accept(fakeRotate("binlog.000003"), "binlog.000003")).isFalse();
        assertThat(spill.accept(next, null)).isTrue(); // 4 + 40 = 44: the end position
        spill.close();

        assertThat(spill.files()).extracting(p -> p.getFileName().toString())
                .containsExactly("binlog.000002", "binlog.000003");
        assertThat(Files.readAllBytes(dir.resolve("binlog.000002"))).isEqualTo(fixture);
        byte[] second = Files.readAllBytes(dir.resolve("binlog.000003"));
        assertThat(Arrays.copyOf(second, 4)).isEqualTo(SpillFiles.MAGIC);
        assertThat(Arrays.copyOfRange(second, 4, second.length)).isEqualTo(next);
        // The copy reads as the original: every checksum verified on the way.
        List<Transaction> copied = new ArrayList<>();
        new TransactionScanner(copied::add).scan(dir.resolve("binlog.000002"));
        List<Transaction> original = new ArrayList<>();
        new TransactionScanner(original::add).scan(Fixtures.small());
        assertThat(copied).extracting(Transaction::gtid, Transaction::start, Transaction::end)
                .isEqualTo(original.stream().map(t -> org.assertj.core.groups.Tuple.tuple(t.gtid(), t.start(),
                        t.end())).toList());
    }

    @Test
    void itStopsAtTheEndPositionEvenInsideAFile() throws IOException {
        byte[] fixture = Fixtures.bytes();
        List<byte[]> events = events(fixture);
        long end = 4 + events.get(0).length + events.get(1).length;
        SpillFiles spill = new SpillFiles(dir, List.of("binlog.000002"), end);

        spill.accept(fakeRotate("binlog.000002"), "binlog.000002");
        assertThat(spill.accept(events.get(0), null)).isFalse();
        assertThat(spill.accept(events.get(1), null)).isTrue();
        assertThat(spill.accept(events.get(2), null)).isTrue(); // ignored: past the end
        spill.close();

        assertThat(Files.readAllBytes(dir.resolve("binlog.000002"))).isEqualTo(Arrays.copyOf(fixture, (int) end));
    }

    @Test
    void heartbeatsAndArtificialEventsAreLeftOut() throws IOException {
        SpillFiles spill = new SpillFiles(dir, List.of("binlog.000001"), 4 + 30 + 25);
        spill.accept(fakeRotate("binlog.000001"), "binlog.000001");
        spill.accept(event(15, 34, 30, 0), null);
        assertThat(spill.accept(event(27, 59, 39, 0), null)).isFalse(); // heartbeat
        assertThat(spill.accept(event(163, 59, 25, 0x20), null)).isFalse(); // artificial
        assertThat(spill.accept(event(2, 59, 25, 0), null)).isTrue();
        spill.close();

        assertThat(Files.size(dir.resolve("binlog.000001"))).isEqualTo(4 + 30 + 25);
    }

    @Test
    void anEventThatDoesNotEndWhereItsHeaderSaysStopsTheCopy() {
        SpillFiles spill = new SpillFiles(dir, List.of("binlog.000001"), 1000);
        spill.accept(fakeRotate("binlog.000001"), "binlog.000001");
        spill.accept(event(15, 34, 30, 0), null);
        byte[] skipped = event(2, 34 + 100 + 25, 25, 0); // as if 100 bytes had been left out before it

        assertThatThrownBy(() -> spill.accept(skipped, null)).isInstanceOf(DbRescueException.class)
                .satisfies(e -> assertThat(((DbRescueException) e).code()).isEqualTo(ErrorCode.BAD_INPUT))
                .hasMessageContaining("in binlog.000001 at position 34")
                .hasMessageContaining("says the next one starts at 159, not at 59");
    }

    @Test
    void aFileNameThatIsAPathOrOutOfOrderIsRefused() {
        SpillFiles spill = new SpillFiles(dir, List.of("binlog.000001", "binlog.000002"), 1000);

        assertThatThrownBy(() -> spill.accept(fakeRotate("../evil"), "../evil"))
                .hasMessageContaining("'../evil', which is not a plain file name");
        assertThatThrownBy(() -> spill.accept(fakeRotate("binlog.000007"), "binlog.000007"))
                .hasMessageContaining("went on to binlog.000007, which is not the next of the binlogs it listed"
                        + " (binlog.000001 to binlog.000002)");
        spill.accept(fakeRotate("binlog.000002"), "binlog.000002");
        assertThatThrownBy(() -> spill.accept(fakeRotate("binlog.000001"), "binlog.000001"))
                .hasMessageContaining("went on to binlog.000001");
        assertThat(dir.resolve("evil")).doesNotExist();
        assertThat(dir.getParent().resolve("evil")).doesNotExist();
    }

    /** The fixture cut into its events (after the magic). */
    static List<byte[]> events(byte[] file) {
        List<byte[]> events = new ArrayList<>();
        int at = 4;
        while (at < file.length) {
            int length = ByteBuffer.wrap(file, at + 9, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            events.add(Arrays.copyOfRange(file, at, at + length));
            at += length;
        }
        return events;
    }

    /** The name a ROTATE event names (after its 8-byte position, before its checksum); null for other events. */
    static String rotateName(byte[] event) {
        return (event[4] & 0xff) != 4 ? null
                : new String(event, 19 + 8, event.length - 19 - 8 - 4, StandardCharsets.UTF_8);
    }

    /** The ROTATE a server makes up at the start of each file: artificial, next position 0, a checksum. */
    static byte[] fakeRotate(String name) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = header(4, 0, 19 + 8 + n.length + 4, 0x20);
        b.putLong(4).put(n).putInt(0);
        return b.array();
    }

    /** An event of a given type and length whose header says the next event starts at {@code next}. */
    static byte[] event(int type, long next, int length, int flags) {
        return header(type, next, length, flags).array();
    }

    private static ByteBuffer header(int type, long next, int length, int flags) {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(1_700_000_000).put((byte) type).putInt(1).putInt(length).putInt((int) next).putShort((short) flags);
        return b;
    }
}
