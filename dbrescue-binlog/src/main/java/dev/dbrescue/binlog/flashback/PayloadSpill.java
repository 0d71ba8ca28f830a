package dev.dbrescue.binlog.flashback;

import dev.dbrescue.binlog.read.EventAt;
import dev.dbrescue.binlog.read.EventHeader;
import dev.dbrescue.binlog.read.RawEvent;
import dev.dbrescue.binlog.read.TransactionPayload;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The second pass inside MySQL compressed transactions: the payload the events to read back are in is decompressed
 * once into a temporary file, then each event is a positional read there, newest first like any other. One payload
 * at a time (the second pass finishes a transaction before the next), so disk holds at most one transaction.
 */
final class PayloadSpill implements AutoCloseable {

    private Path file;
    private FileChannel channel;
    private int cachedFile = -1;
    private long cachedOffset = -1;

    RawEvent read(EventAt reader, int binlog, long offset, int length, long innerOffset, int innerLength)
            throws IOException {
        if (binlog != cachedFile || offset != cachedOffset) {
            spill(reader.read(offset, length));
            cachedFile = binlog;
            cachedOffset = offset;
        }
        ByteBuffer buffer = ByteBuffer.allocate(innerLength);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, innerOffset + buffer.position()) < 0) {
                throw new IOException("a compressed transaction is shorter than when it was first read");
            }
        }
        byte[] all = buffer.array();
        EventHeader header = new EventHeader(innerOffset, 0, all[4] & 0xff, 0, innerLength, 0, 0);
        byte[] body = new byte[innerLength - EventHeader.SIZE];
        System.arraycopy(all, EventHeader.SIZE, body, 0, body.length);
        return new RawEvent(header, body);
    }

    /** The first pass read this payload whole already: what fails here is the temporary file. */
    private void spill(RawEvent payload) {
        close();
        try {
            file = Files.createTempFile("dbrescue-payload-", ".events");
            try (TransactionPayload inner = TransactionPayload.open(payload.body());
                 OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                RawEvent e;
                byte[] head = new byte[EventHeader.SIZE];
                while ((e = inner.next()) != null) {
                    // Only the type and the body are read back: the rest of the header is not needed again.
                    head[4] = (byte) e.type();
                    out.write(head);
                    out.write(e.body());
                }
            }
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            close();
            throw SelectionIndex.failed(e);
        }
    }

    @Override
    public void close() {
        try {
            if (channel != null) {
                channel.close();
            }
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            channel = null;
            file = null;
            cachedFile = -1;
            cachedOffset = -1;
        }
    }
}
