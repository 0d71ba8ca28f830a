package dev.dbrescue.binlog.event;

import dev.dbrescue.binlog.read.EventHeader;
import dev.dbrescue.binlog.read.EventTypes;
import dev.dbrescue.binlog.read.RawEvent;
import dev.dbrescue.binlog.rows.PackedInts;

import java.io.IOException;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * MariaDB's compressed events ({@code log_bin_compress=ON}), which the library does not know: turned back into the
 * plain event they compress, so that everything after reads them as usual. Layout (MariaDB {@code log_event.cc},
 * {@code binlog_buf_uncompress}; research note 4.4): the headers, column count and bitmaps stay as they are, then one
 * compressed record: a byte {@code 0x80 | algorithm << 4 | lengthBytes}, the original length big-endian, a zlib
 * stream. The checksum covers the compressed bytes, so it was checked before this.
 */
public final class MariaDbCompression {

    private static final int QUERY_POST_HEADER = 13;
    /** An event cannot exceed max_allowed_packet (1 GiB at most) once inflated either. */
    private static final long MAX_INFLATED = 1L << 30;

    private MariaDbCompression() {
    }

    /** The plain event a compressed one stands for: the same header with the plain type, the body inflated. */
    public static RawEvent inflate(RawEvent event) throws IOException {
        int type = event.type();
        byte[] body = event.body();
        int plainType;
        int recordAt;
        if (type == EventTypes.QUERY_COMPRESSED) {
            plainType = EventTypes.QUERY;
            int statusLength = (body[11] & 0xff) | (body[12] & 0xff) << 8;
            recordAt = QUERY_POST_HEADER + statusLength + (body[8] & 0xff) + 1;
        } else {
            // 166-168 compress v1 rows events (23-25), 169-171 v2 ones (30-32).
            boolean v2 = type >= 169;
            plainType = v2 ? type - 169 + EventTypes.WRITE_ROWS_V2 : type - 166 + EventTypes.WRITE_ROWS_V1;
            int at = 8;
            if (v2) {
                at += (body[at] & 0xff) | (body[at + 1] & 0xff) << 8;
            }
            long[] columns = PackedInts.read(body, at);
            int bitmaps = plainType == EventTypes.UPDATE_ROWS_V1 || plainType == EventTypes.UPDATE_ROWS_V2 ? 2 : 1;
            recordAt = (int) columns[1] + bitmaps * (int) ((columns[0] + 7) / 8);
        }
        byte[] inflated = record(body, recordAt);
        byte[] plain = Arrays.copyOf(body, recordAt + inflated.length);
        System.arraycopy(inflated, 0, plain, recordAt, inflated.length);
        EventHeader h = event.header();
        return new RawEvent(new EventHeader(h.offset(), h.timestamp(), plainType, h.serverId(), h.length(),
                h.nextPosition(), h.flags()), plain);
    }

    static byte[] record(byte[] body, int at) throws IOException {
        int head = body[at] & 0xff;
        int algorithm = (head & 0x70) >> 4;
        int lengthBytes = head & 0x07;
        if ((head & 0x80) == 0 || algorithm != 0 || lengthBytes < 1 || lengthBytes > 4) {
            throw new IOException("unknown compressed record header 0x" + Integer.toHexString(head));
        }
        long length = 0;
        for (int i = 1; i <= lengthBytes; i++) {
            length = length << 8 | (body[at + i] & 0xff);
        }
        if (length > MAX_INFLATED) {
            throw new IOException("compressed record claims " + length + " bytes");
        }
        Inflater inflater = new Inflater();
        try {
            int from = at + 1 + lengthBytes;
            inflater.setInput(body, from, body.length - from);
            byte[] out = new byte[(int) length];
            int n = 0;
            while (n < out.length && !inflater.finished()) {
                int got = inflater.inflate(out, n, out.length - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n != out.length) {
                throw new IOException("compressed record inflates to " + n + " bytes, not " + length);
            }
            return out;
        } catch (DataFormatException e) {
            throw new IOException("compressed record is not a zlib stream: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }
}
