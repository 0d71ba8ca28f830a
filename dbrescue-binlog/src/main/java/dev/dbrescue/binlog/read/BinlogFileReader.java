package dev.dbrescue.binlog.read;

import com.github.shyiko.mysql.binlog.event.deserialization.ChecksumType;
import com.github.shyiko.mysql.binlog.event.deserialization.FormatDescriptionEventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Reads one binlog file event by event, checking what the library does not: the magic, every event's CRC32 (when the
 * format description says the file has checksums), and that the file does not end inside an event. Streams: one
 * event in memory at a time.
 */
public final class BinlogFileReader implements AutoCloseable {

    private static final byte[] MAGIC = {(byte) 0xfe, 'b', 'i', 'n'};
    /** A sane upper bound: the server's max_allowed_packet is at most 1 GiB. */
    private static final long MAX_EVENT = 1L << 30;
    /** LOG_EVENT_BINLOG_IN_USE_F: the format description of a file the server has not closed. */
    private static final int BINLOG_IN_USE = 0x1;

    private final String name;
    private final InputStream in;
    private long offset;
    private boolean checksums;
    private String serverVersion = "";

    private BinlogFileReader(String name, InputStream in) {
        this.name = name;
        this.in = in;
    }

    /** Opens the file and checks its magic. */
    public static BinlogFileReader open(Path file) {
        String name = file.toString();
        InputStream in;
        try {
            in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        } catch (NoSuchFileException e) {
            throw new DbRescueException(ErrorCode.BAD_INPUT, "Cannot read '" + name + "': no such file.", e);
        } catch (IOException e) {
            throw new DbRescueException(ErrorCode.BAD_INPUT, "Cannot read '" + name + "': " + e.getMessage(), e);
        }
        BinlogFileReader reader = new BinlogFileReader(name, in);
        byte[] magic = reader.readUpTo(MAGIC.length);
        if (!Arrays.equals(magic, MAGIC)) {
            reader.close();
            throw new BinlogFormatException(name, 0, "not a binary log (the file does not start with the binlog magic"
                    + " bytes fe 62 69 6e); give the binlog.NNNNNN files of the server's log_bin");
        }
        reader.offset = MAGIC.length;
        return reader;
    }

    public String name() {
        return name;
    }

    /** The server version from the format description event; empty before it. */
    public String serverVersion() {
        return serverVersion;
    }

    /** Whether the events end with a CRC32; known once the format description has been read. */
    public boolean checksums() {
        return checksums;
    }

    /** Offset of the next event, i.e. the end of the last one read. */
    public long position() {
        return offset;
    }

    /** The next event, or null at the end of the file (at an event boundary). */
    public RawEvent next() {
        long start = offset;
        byte[] head = readUpTo(EventHeader.SIZE);
        if (head.length == 0) {
            return null;
        }
        if (head.length < EventHeader.SIZE) {
            throw truncated(start, EventHeader.SIZE, head.length);
        }
        EventHeader header = new EventHeader(start, u32(head, 0), head[4] & 0xff, u32(head, 5), u32(head, 9),
                u32(head, 13), (head[17] & 0xff) | (head[18] & 0xff) << 8);
        if (header.length() < EventHeader.SIZE || header.length() > MAX_EVENT) {
            throw new BinlogFormatException(name, start, "impossible event length " + header.length()
                    + " (the file is damaged or not a binary log)");
        }
        int rest = (int) header.length() - EventHeader.SIZE;
        byte[] tail = readUpTo(rest);
        if (tail.length < rest) {
            throw truncated(start, header.length(), EventHeader.SIZE + tail.length);
        }
        offset = header.end();
        if (header.type() == EventTypes.FORMAT_DESCRIPTION) {
            readFormatDescription(header, tail);
        }
        int bodyLength = rest;
        if (checksums) {
            bodyLength -= 4;
            if (bodyLength < 0) {
                throw new BinlogFormatException(name, start, "event too short for its checksum");
            }
            CRC32 crc = new CRC32();
            if (header.type() == EventTypes.FORMAT_DESCRIPTION && (head[17] & BINLOG_IN_USE) != 0) {
                // The server sets "in use" on an open file after computing the checksum, and clears it on close
                // without recomputing: the checksum is over the flag cleared (as mariadb-binlog -c checks it).
                byte[] cleared = head.clone();
                cleared[17] &= (byte) ~BINLOG_IN_USE;
                crc.update(cleared);
            } else {
                crc.update(head);
            }
            crc.update(tail, 0, bodyLength);
            long expected = u32(tail, bodyLength);
            if (crc.getValue() != expected) {
                throw new BinlogFormatException(name, start, String.format("wrong checksum (event type %d, %d bytes:"
                        + " stored %08x, computed %08x); the file is damaged here", header.type(), header.length(),
                        expected, crc.getValue()));
            }
        }
        return new RawEvent(header, bodyLength == tail.length ? tail : Arrays.copyOf(tail, bodyLength));
    }

    private void readFormatDescription(EventHeader header, byte[] body) {
        try {
            var fde = new FormatDescriptionEventDataDeserializer().deserialize(new ByteArrayInputStream(body));
            checksums = fde.getChecksumType() == ChecksumType.CRC32;
            serverVersion = fde.getServerVersion();
        } catch (IOException | RuntimeException e) {
            throw new BinlogFormatException(name, header.offset(), "unreadable format description event", e);
        }
    }

    private BinlogFormatException truncated(long start, long expected, long got) {
        return new BinlogFormatException(name, start, "truncated: the event needs " + expected + " bytes, the file"
                + " ends after " + got + " (copy the file again, or cut it at this position)");
    }

    private byte[] readUpTo(int n) {
        try {
            return in.readNBytes(n);
        } catch (EOFException e) {
            return new byte[0];
        } catch (IOException e) {
            throw new BinlogFormatException(name, offset, "cannot read: " + e.getMessage(), e);
        }
    }

    static long u32(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // Read-only file: nothing to lose on close.
        }
    }
}
