package dev.dbrescue.binlog;

import dev.dbrescue.binlog.read.EventHeader;
import dev.dbrescue.binlog.read.EventTypes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * Writes binlog files for tests of layouts no server here writes (MySQL's compressed transactions and partial JSON
 * updates): the magic, then events with their CRC32 computed as {@link dev.dbrescue.binlog.read.BinlogFileReader}
 * checks it, positions following each other.
 */
public final class BinlogBuilder {

    private final ByteArrayOutputStream file = new ByteArrayOutputStream();

    public BinlogBuilder() {
        file.writeBytes(new byte[]{(byte) 0xfe, 'b', 'i', 'n'});
    }

    /** Appends an event (body without checksum) with a header for this file and its CRC32. */
    public BinlogBuilder event(long time, int type, byte[] body, int flags) {
        long length = EventHeader.SIZE + body.length + 4L;
        byte[] head = header(time, type, length, file.size() + length, flags);
        byte[] forCrc = head.clone();
        if (type == EventTypes.FORMAT_DESCRIPTION) {
            forCrc[17] &= (byte) ~1; // as the server computes it: "in use" cleared
        }
        CRC32 crc = new CRC32();
        crc.update(forCrc);
        crc.update(body);
        file.writeBytes(head);
        file.writeBytes(body);
        file.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue()).array());
        return this;
    }

    /** A 19-byte event header (server id 1). */
    public static byte[] header(long time, int type, long length, long next, int flags) {
        return ByteBuffer.allocate(EventHeader.SIZE).order(ByteOrder.LITTLE_ENDIAN).putInt((int) time)
                .put((byte) type).putInt(1).putInt((int) length).putInt((int) next).putShort((short) flags).array();
    }

    public Path writeTo(Path target) throws IOException {
        return Files.write(target, file.toByteArray());
    }

    /** A length-encoded integer of the protocol. */
    public static byte[] packed(long v) {
        if (v < 251) {
            return new byte[]{(byte) v};
        }
        ByteBuffer b = ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 254).putLong(v);
        return b.array();
    }
}
