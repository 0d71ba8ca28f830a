package dev.dbrescue.binlog.read;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Positional reads of events the first pass found, for flashback's second pass, which goes newest first: one event
 * at a time, wherever it is in a file of any size. Checksums were verified by the first pass.
 */
public final class EventAt implements AutoCloseable {

    private final String name;
    private final FileChannel channel;
    private final boolean checksums;

    private EventAt(String name, FileChannel channel, boolean checksums) {
        this.name = name;
        this.channel = channel;
        this.checksums = checksums;
    }

    public static EventAt open(Path file) {
        boolean checksums;
        try (BinlogFileReader first = BinlogFileReader.open(file)) {
            first.next(); // the format description says whether events carry a checksum
            checksums = first.checksums();
        }
        try {
            return new EventAt(file.toString(), FileChannel.open(file, StandardOpenOption.READ), checksums);
        } catch (IOException e) {
            throw new BinlogFormatException(file.toString(), 0, "cannot read: " + e.getMessage(), e);
        }
    }

    /** The event that starts at {@code offset} and is {@code length} bytes long, checksum removed. */
    public RawEvent read(long offset, int length) {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        try {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, offset + buffer.position()) < 0) {
                    throw new BinlogFormatException(name, offset, "the file is shorter than when it was first read");
                }
            }
        } catch (IOException e) {
            throw new BinlogFormatException(name, offset, "cannot read: " + e.getMessage(), e);
        }
        byte[] all = buffer.array();
        EventHeader header = new EventHeader(offset, BinlogFileReader.u32(all, 0), all[4] & 0xff,
                BinlogFileReader.u32(all, 5), BinlogFileReader.u32(all, 9), BinlogFileReader.u32(all, 13),
                (all[17] & 0xff) | (all[18] & 0xff) << 8);
        if (header.length() != length) {
            throw new BinlogFormatException(name, offset, "the file changed since it was first read");
        }
        int bodyLength = length - EventHeader.SIZE - (checksums ? 4 : 0);
        byte[] body = new byte[bodyLength];
        System.arraycopy(all, EventHeader.SIZE, body, 0, bodyLength);
        return new RawEvent(header, body);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // read-only
        }
    }
}
