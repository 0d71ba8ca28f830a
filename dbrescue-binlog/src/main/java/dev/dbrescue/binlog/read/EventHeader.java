package dev.dbrescue.binlog.read;

/**
 * The 19-byte v4 event header. {@code offset} is our own 64-bit file offset: the header's 32-bit
 * {@code nextPosition} wraps in files over 4 GiB, so nothing here trusts it.
 *
 * @param offset    where the event starts in its file
 * @param timestamp seconds since the epoch (UTC) when the statement began
 * @param length    the whole event: header, body and checksum
 */
public record EventHeader(long offset, long timestamp, int type, long serverId, long length, long nextPosition,
                          int flags) {

    public static final int SIZE = 19;

    /** Offset just after this event: where the next one starts. */
    public long end() {
        return offset + length;
    }
}
