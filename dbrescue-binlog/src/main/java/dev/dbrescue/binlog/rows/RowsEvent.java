package dev.dbrescue.binlog.rows;

import dev.dbrescue.binlog.event.TableMap;

import java.util.BitSet;

/**
 * A WRITE/UPDATE/DELETE_ROWS event (v1 from MariaDB, v2 from MySQL) walked row by row without decoding values.
 * Each row image is a byte range of the event body, so the flashback decoder can come back to exactly these bytes
 * (the event's file offset plus {@link dev.dbrescue.binlog.read.EventHeader#SIZE} plus the range).
 *
 * @param rowsStart where the first row image begins in the body
 * @param fullImage false when a before image lacks some columns (binlog_row_image=MINIMAL or NOBLOB): such UPDATEs
 *                  and DELETEs cannot be reversed
 * @param partialJson MySQL's PARTIAL_UPDATE_ROWS (binlog_row_value_options=PARTIAL_JSON): each after image starts
 *                  with value options and may hold JSON columns as diffs against the before image
 */
public record RowsEvent(RowKind kind, long tableId, int columnCount, BitSet present, BitSet presentAfter,
                        int rowsStart, boolean fullImage, boolean partialJson) {

    /** MySQL's binlog_row_value_options bit: JSON columns of the after image may be diffs. */
    private static final int PARTIAL_JSON_UPDATES = 1;
    private static final int JSON = 245;

    public static RowsEvent parse(int type, byte[] body) {
        RowKind kind = RowKind.of(type);
        long tableId = 0;
        for (int i = 0; i < 6; i++) {
            tableId |= (body[i] & 0xffL) << (8 * i);
        }
        int at = 8;
        if (type >= 30) {
            // v2: a 2-byte length of the extra data, the length counting itself.
            at += (body[at] & 0xff) | (body[at + 1] & 0xff) << 8;
        }
        long[] count = PackedInts.read(body, at);
        at = (int) count[1];
        int columns = (int) count[0];
        int bitmapBytes = (columns + 7) / 8;
        BitSet present = BitSet.valueOf(java.util.Arrays.copyOfRange(body, at, at + bitmapBytes));
        at += bitmapBytes;
        BitSet presentAfter = present;
        if (kind == RowKind.UPDATE) {
            presentAfter = BitSet.valueOf(java.util.Arrays.copyOfRange(body, at, at + bitmapBytes));
            at += bitmapBytes;
        }
        // Some servers (MariaDB 10.11.5) set the unused high bits of the last bitmap byte: they are not columns.
        present.clear(columns, bitmapBytes * 8);
        presentAfter.clear(columns, bitmapBytes * 8);
        boolean full = kind == RowKind.INSERT || present.cardinality() == columns;
        return new RowsEvent(kind, tableId, columns, present, presentAfter, at, full, type == 39);
    }

    /** Receives each row's byte range in the body: [start, end). For UPDATE, one call per before/after pair. */
    public interface RowVisitor {
        void row(int start, int end);
    }

    /**
     * Walks every row image; returns the number of rows (UPDATE: pairs).
     *
     * @throws IllegalArgumentException when the images do not fit the table map (damaged or misread event)
     */
    public long walk(byte[] body, TableMap map, RowVisitor visitor) {
        if (map.columnTypes().length != columnCount) {
            throw new IllegalArgumentException("the event has " + columnCount + " columns, its table map "
                    + map.columnTypes().length);
        }
        long rows = 0;
        int at = rowsStart;
        while (at < body.length) {
            int start = at;
            at = skipImage(body, at, present, map);
            if (kind == RowKind.UPDATE) {
                at = afterImage(body, at, map, null);
                at = skipImage(body, at, presentAfter, map);
            }
            if (at > body.length) {
                throw new IllegalArgumentException("row image runs past the end of the event");
            }
            visitor.row(start, at);
            rows++;
        }
        return rows;
    }

    /**
     * Where the after image of an UPDATE starting at {@code at} has its NULL bitmap: past the value options and
     * partial-JSON bits of a PARTIAL_UPDATE_ROWS event (nothing to skip otherwise).
     *
     * @param partial receives the columns (table indexes) whose after value is a JSON diff; may be null
     */
    public int afterImage(byte[] body, int at, TableMap map, BitSet partial) {
        if (!partialJson) {
            return at;
        }
        long[] options = PackedInts.read(body, at);
        at = (int) options[1];
        if ((options[0] & PARTIAL_JSON_UPDATES) == 0) {
            return at;
        }
        // One bit per JSON column of the table, whether the image holds it or not.
        int json = 0;
        for (int c = 0; c < map.columnTypes().length; c++) {
            if ((map.columnTypes()[c] & 0xff) == JSON) {
                if (partial != null && (body[at + json / 8] & (1 << (json % 8))) != 0) {
                    partial.set(c);
                }
                json++;
            }
        }
        return at + (json + 7) / 8;
    }

    private static int skipImage(byte[] body, int at, BitSet columns, TableMap map) {
        int included = columns.cardinality();
        int nullsAt = at;
        at += (included + 7) / 8;
        int index = 0;
        for (int c = columns.nextSetBit(0); c >= 0; c = columns.nextSetBit(c + 1), index++) {
            boolean isNull = (body[nullsAt + index / 8] & (1 << (index % 8))) != 0;
            if (!isNull) {
                at += CellSizes.size(map.columnTypes()[c] & 0xff, map.columnMetadata()[c], body, at);
            }
        }
        return at;
    }
}
