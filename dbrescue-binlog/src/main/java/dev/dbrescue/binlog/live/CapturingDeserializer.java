package dev.dbrescue.binlog.live;

import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventHeaderV4Deserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import dev.dbrescue.core.error.DbRescueException;

import java.io.EOFException;
import java.io.IOException;

/**
 * Keeps each event's raw bytes for {@link SpillFiles} before the replication client sees it.
 * <p>
 * What {@code nextEvent} receives (BinaryLogClient.listenForEventPackets, mysql-binlog-connector-java 0.41.0): the
 * connection's own stream, positioned just after the packet header and the OK byte, for a packet under 16 MB; for a
 * longer event, split by the protocol into 16 MB packets, a stream over the whole event reassembled. Either way the
 * event is the next {@code event_length} bytes (from its header), checksum included: we read exactly that much, so
 * the connection stays in step.
 * <p>
 * Only FORMAT_DESCRIPTION (its checksum setting) and ROTATE (the client's file name bookkeeping, and the name of the
 * file that follows for us) are parsed by the library, from a copy; every other event is handed back with its header
 * only, since we read events ourselves, offline, and the library's decoding of rows would only cost time.
 * <p>
 * The client treats any exception from here, other than end of stream, as one bad event and carries on, which would
 * leave the stream out of step; so every failure, and the end we want, leaves as an {@link EOFException} subclass,
 * which makes the client close the connection.
 */
final class CapturingDeserializer extends EventDeserializer {

    private static final int HEADER = 19;
    private static final int ROTATE = 4;
    private static final int FORMAT_DESCRIPTION = 15;
    /** max_allowed_packet is at most 1 GiB; a longer event is a broken stream. */
    private static final long MAX_EVENT = 1L << 30;

    private final SpillFiles spill;
    private final EventHeaderV4Deserializer headers = new EventHeaderV4Deserializer();

    CapturingDeserializer(SpillFiles spill) {
        this.spill = spill;
    }

    /** Ends the stream: at the end position (no cause), or because of a failure (the cause). */
    static final class Stop extends EOFException {
        final transient Exception failure;

        Stop(Exception failure) {
            super(failure == null ? "end position reached" : failure.getMessage());
            this.failure = failure;
        }
    }

    @Override
    public Event nextEvent(ByteArrayInputStream in) throws IOException {
        if (in.peek() == -1) {
            return null;
        }
        try {
            byte[] raw = read(in);
            int type = raw[4] & 0xff;
            Event event;
            String rotateTo = null;
            if (type == FORMAT_DESCRIPTION || type == ROTATE) {
                event = super.nextEvent(new ByteArrayInputStream(raw));
                if (type == ROTATE) {
                    EventData data = EventDataWrapper.internal(event.getData());
                    rotateTo = data instanceof RotateEventData rotate ? rotate.getBinlogFilename() : null;
                }
            } else {
                event = new Event(headers.deserialize(new ByteArrayInputStream(raw)), null);
            }
            if (spill.accept(raw, rotateTo)) {
                throw new Stop(null);
            }
            return event;
        } catch (Stop stop) {
            throw stop;
        } catch (IOException | RuntimeException e) {
            throw new Stop(e);
        }
    }

    private static byte[] read(ByteArrayInputStream in) throws IOException {
        byte[] header = in.read(HEADER);
        long length = (header[9] & 0xffL) | (header[10] & 0xffL) << 8 | (header[11] & 0xffL) << 16
                | (header[12] & 0xffL) << 24;
        if (length < HEADER || length > MAX_EVENT) {
            throw new DbRescueException(dev.dbrescue.core.error.ErrorCode.BAD_INPUT, "the server sent an event"
                    + " header with an impossible length (" + length + " bytes)");
        }
        byte[] raw = new byte[(int) length];
        System.arraycopy(header, 0, raw, 0, HEADER);
        in.fill(raw, HEADER, raw.length - HEADER);
        return raw;
    }
}
