package dev.dbrescue.binlog.live;

import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns the replication stream back into binlog files: one file per server binlog, named as on the server, the magic
 * first, then every event the server sent from that file, byte for byte and at the same offset as on the server, so
 * that the offline reader sees what {@code mariadb-binlog} would see on the server's disk. Streams: one event at a time.
 * <p>
 * What the server adds to the stream and is not in its files is left out: the ROTATE it fakes at the start of each
 * file (flag LOG_EVENT_ARTIFICIAL_F, next position 0), which names the file the events that follow come from, and
 * heartbeats. Every event written must end where its header's next position says (mod 2^32, as the header has 32
 * bits): a gap would mean the server left something out, and the copy would no longer match the server's offsets.
 * The server sends the format description with LOG_EVENT_BINLOG_IN_USE_F cleared (as in a closed file) and the
 * checksum unchanged, which the offline reader's checksum accepts either way.
 */
final class SpillFiles implements AutoCloseable {

    static final byte[] MAGIC = {(byte) 0xfe, 'b', 'i', 'n'};

    private static final int HEADER = 19;
    private static final int ROTATE = 4;
    private static final int HEARTBEAT = 27;
    private static final int HEARTBEAT_V2 = 41;
    /** LOG_EVENT_ARTIFICIAL_F: made up by the server for the stream, not read from a file. */
    private static final int ARTIFICIAL = 0x20;
    private static final int FORMAT_DESCRIPTION = 15;
    /** A binlog's name as the server may give it: a plain file name, never a path. */
    private static final Pattern FILE_NAME = Pattern.compile("[^/\\\\\\x00]{1,255}");

    private final Path directory;
    private final List<String> expected;
    private final String endFile;
    private final long endPosition;
    private final List<Path> written = new ArrayList<>();

    private String current;
    private OutputStream out;
    private long offset;
    /** The file a real ROTATE at the end of the current one named: the next file must be this one. */
    private String rotatedTo;
    private boolean done;

    /**
     * @param expected    the server's binlogs to copy, in order (SHOW BINARY LOGS from the start file on)
     * @param endPosition where to stop in the last of them (SHOW MASTER STATUS's Position when reading began)
     */
    SpillFiles(Path directory, List<String> expected, long endPosition) {
        this.directory = directory;
        this.expected = List.copyOf(expected);
        this.endFile = expected.get(expected.size() - 1);
        this.endPosition = endPosition;
    }

    /**
     * One event as the server sent it, checksum included.
     *
     * @param rotateTo for a ROTATE event, the file it names (as the replication client parsed it); null otherwise
     * @return true once the end position has been written: nothing more is wanted
     */
    boolean accept(byte[] event, String rotateTo) {
        if (done) {
            return true;
        }
        if (event.length < HEADER) {
            throw refused("an event of " + event.length + " bytes, shorter than an event header");
        }
        int type = event[4] & 0xff;
        long length = u32(event, 9);
        long next = u32(event, 13);
        int flags = (event[17] & 0xff) | (event[18] & 0xff) << 8;
        if (length != event.length) {
            throw refused("an event of type " + type + " whose header says " + length + " bytes, in a packet of "
                    + event.length);
        }
        if (type == HEARTBEAT || type == HEARTBEAT_V2) {
            return false;
        }
        // Next position 0 marks the fake ROTATE/format description of servers that do not set the flag; any other
        // event may end exactly at 4 GiB, where the 32-bit next position wraps to 0.
        if ((flags & ARTIFICIAL) != 0 || next == 0 && (type == ROTATE || type == FORMAT_DESCRIPTION)) {
            if (type == ROTATE) {
                startFile(rotateTo, u64(event, HEADER));
            }
            return false; // made up for the stream (e.g. a fake ROTATE): not in the server's file
        }
        if (out == null) {
            startFile(rotatedTo, 4); // MySQL/MariaDB announce each file with a fake ROTATE; tolerate its absence
        }
        if (((offset + length) & 0xffffffffL) != next) {
            throw refused("the event of type " + type + " at position " + offset + " (" + length + " bytes) says the"
                    + " next one starts at " + next + ", not at " + ((offset + length) & 0xffffffffL) + ": the stream"
                    + " skipped something, so the copy would not match the server's file");
        }
        write(event);
        offset += length;
        if (type == ROTATE) {
            rotatedTo = rotateTo;
            closeCurrent(); // a real ROTATE is the last event of its file
        }
        if (current != null && current.equals(endFile) && offset >= endPosition) {
            closeCurrent();
            done = true;
        }
        return done;
    }

    private void startFile(String name, long position) {
        if (name == null) {
            throw refused("the server did not say which binlog file the events come from");
        }
        if (name.equals(current)) {
            return; // the fake ROTATE that repeats the file being copied
        }
        if (!FILE_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw refused("the server named the binlog '" + name + "', which is not a plain file name");
        }
        int index = expected.indexOf(name);
        int currentIndex = current == null ? -1 : expected.indexOf(current);
        if (index < 0 || index <= currentIndex) {
            throw refused("the server went on to " + name + ", which is not the next of the binlogs it listed ("
                    + expected.get(0) + (expected.size() > 1 ? " to " + endFile : "") + ")");
        }
        if (position != 4) {
            throw refused("the server sends " + name + " from position " + position + ", not from its start (4)");
        }
        closeCurrent();
        Path file = directory.resolve(name);
        try {
            out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
            out.write(MAGIC);
        } catch (IOException e) {
            throw cannotWrite(file, e);
        }
        written.add(file);
        current = name;
        offset = MAGIC.length;
        rotatedTo = null;
    }

    private void write(byte[] event) {
        try {
            out.write(event);
        } catch (IOException e) {
            throw cannotWrite(directory.resolve(current), e);
        }
    }

    private void closeCurrent() {
        if (out == null) {
            return;
        }
        OutputStream closing = out;
        out = null;
        try {
            closing.close();
        } catch (IOException e) {
            throw cannotWrite(directory.resolve(current), e);
        }
    }

    private DbRescueException cannotWrite(Path file, IOException e) {
        return new DbRescueException(ErrorCode.ACTION_FAILED, "cannot write the copy of the server's binlog to " + file
                + ": " + e.getMessage() + " (the copy goes to the JVM's temporary directory: point it at a roomier"
                + " disk with DBRESCUE_JAVA_OPTS=-Djava.io.tmpdir=DIR)", e);
    }

    private DbRescueException refused(String what) {
        return new DbRescueException(ErrorCode.BAD_INPUT, "reading the binlog from the server, "
                + (current == null ? "before the first file" : "in " + current + " at position " + offset) + ": " + what);
    }

    /** Whether the end position has been reached. */
    boolean done() {
        return done;
    }

    /** Where the copy stands, for messages: {@code binlog.000002 position 1234}. */
    String where() {
        return current == null ? "the start of the stream" : current + " position " + offset;
    }

    String end() {
        return endFile + " position " + endPosition;
    }

    /** The files written, in order. */
    List<Path> files() {
        return List.copyOf(written);
    }

    @Override
    public void close() {
        closeCurrent();
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }

    private static long u64(byte[] b, int at) {
        return b.length < at + 8 ? -1 : u32(b, at) | u32(b, at + 4) << 32;
    }
}
