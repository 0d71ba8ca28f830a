package dev.dbrescue.binlog.rows;

/** What a rows event did. */
public enum RowKind {
    INSERT, UPDATE, DELETE;

    public static RowKind of(int eventType) {
        return switch (eventType) {
            case 23, 30 -> INSERT;
            case 24, 31, 39 -> UPDATE; // 39: MySQL's PARTIAL_UPDATE_ROWS (JSON columns as diffs in the after image)
            case 25, 32 -> DELETE;
            default -> throw new IllegalArgumentException("not a rows event: " + eventType);
        };
    }
}
