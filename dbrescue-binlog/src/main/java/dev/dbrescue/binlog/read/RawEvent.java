package dev.dbrescue.binlog.read;

/**
 * One checked event: its header and its body without the checksum. The body is the event's own bytes (bounded by
 * {@code max_allowed_packet}), never more than one event is held.
 */
public record RawEvent(EventHeader header, byte[] body) {

    public int type() {
        return header.type();
    }
}
