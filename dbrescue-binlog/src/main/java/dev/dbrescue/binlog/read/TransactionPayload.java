package dev.dbrescue.binlog.read;

import com.github.luben.zstd.ZstdInputStream;
import dev.dbrescue.binlog.rows.PackedInts;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * MySQL's compressed transaction (TRANSACTION_PAYLOAD, {@code binlog_transaction_compression=ON}, 8.0.20+): a
 * header of fields (type, length, value, all packed integers; ended by type 0), then the transaction's events
 * compressed together, without checksums. Read as a stream: one inner event in memory at a time.
 * Layout: MySQL {@code libbinlogevents} {@code Transaction_payload_event}; docs/research/binlog-flashback.md, 4.5.
 */
public final class TransactionPayload implements AutoCloseable {

    private static final int END_MARK = 0;
    private static final int PAYLOAD_SIZE = 1;
    private static final int COMPRESSION_TYPE = 2;
    private static final int ZSTD = 0;
    private static final int NONE = 255;

    private final InputStream in;
    private long position;

    private TransactionPayload(InputStream in) {
        this.in = in;
    }

    /** @throws IllegalArgumentException for a header or compression type we cannot read */
    public static TransactionPayload open(byte[] body) throws IOException {
        int at = 0;
        long size = -1;
        long compression = ZSTD;
        while (true) {
            long[] type = PackedInts.read(body, at);
            at = (int) type[1];
            if (type[0] == END_MARK) {
                break;
            }
            long[] length = PackedInts.read(body, at);
            int valueAt = (int) length[1];
            if (type[0] == PAYLOAD_SIZE) {
                size = PackedInts.read(body, valueAt)[0];
            } else if (type[0] == COMPRESSION_TYPE) {
                compression = PackedInts.read(body, valueAt)[0];
            }
            at = valueAt + (int) length[0];
        }
        if (size < 0 || at + size > body.length) {
            size = body.length - at;
        }
        InputStream payload = new ByteArrayInputStream(body, at, (int) size);
        if (compression == ZSTD) {
            return new TransactionPayload(new ZstdInputStream(payload));
        }
        if (compression == NONE) {
            return new TransactionPayload(payload);
        }
        throw new IllegalArgumentException("compression type " + compression + " of a transaction payload");
    }

    /** The next inner event (its offset counted from the payload's start), or null at the end. */
    public RawEvent next() throws IOException {
        byte[] head = in.readNBytes(EventHeader.SIZE);
        if (head.length == 0) {
            return null;
        }
        if (head.length < EventHeader.SIZE) {
            throw new EOFException("a compressed transaction ends inside an event header");
        }
        EventHeader header = new EventHeader(position, BinlogFileReader.u32(head, 0), head[4] & 0xff,
                BinlogFileReader.u32(head, 5), BinlogFileReader.u32(head, 9), BinlogFileReader.u32(head, 13),
                (head[17] & 0xff) | (head[18] & 0xff) << 8);
        if (header.length() < EventHeader.SIZE || header.length() > Integer.MAX_VALUE) {
            throw new IOException("impossible event length " + header.length() + " in a compressed transaction");
        }
        byte[] body = in.readNBytes((int) header.length() - EventHeader.SIZE);
        if (body.length < header.length() - EventHeader.SIZE) {
            throw new EOFException("a compressed transaction ends inside an event");
        }
        position += header.length();
        return new RawEvent(header, body);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
