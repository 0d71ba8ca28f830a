package dev.dbrescue.binlog.rows;

/** The length-encoded integers of the client/server protocol, as used in rows events. */
public final class PackedInts {

    private PackedInts() {
    }

    /** @return {value, offset after it} */
    public static long[] read(byte[] b, int at) {
        int first = b[at] & 0xff;
        int bytes = switch (first) {
            case 252 -> 2;
            case 253 -> 3;
            case 254 -> 8;
            default -> 0;
        };
        if (bytes == 0) {
            return new long[]{first, at + 1};
        }
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v |= (b[at + 1 + i] & 0xffL) << (8 * i);
        }
        return new long[]{v, at + 1 + bytes};
    }
}
