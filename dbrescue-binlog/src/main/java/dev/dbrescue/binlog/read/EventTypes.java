package dev.dbrescue.binlog.read;

/** Event type codes we act on (MySQL {@code binlog_event.h}, MariaDB {@code log_event.h}). */
public final class EventTypes {

    public static final int QUERY = 2;
    public static final int ROTATE = 4;
    public static final int FORMAT_DESCRIPTION = 15;
    public static final int XID = 16;
    public static final int TABLE_MAP = 19;
    public static final int WRITE_ROWS_V1 = 23;
    public static final int UPDATE_ROWS_V1 = 24;
    public static final int DELETE_ROWS_V1 = 25;
    public static final int ROWS_QUERY = 29;
    public static final int WRITE_ROWS_V2 = 30;
    public static final int UPDATE_ROWS_V2 = 31;
    public static final int DELETE_ROWS_V2 = 32;
    public static final int GTID = 33;
    public static final int ANONYMOUS_GTID = 34;
    /** XA PREPARE: ends the first phase of an XA transaction, whose rows precede it (MySQL 5.7+, MariaDB 10.5+). */
    public static final int XA_PREPARE = 38;
    public static final int PARTIAL_UPDATE_ROWS = 39;
    public static final int TRANSACTION_PAYLOAD = 40;
    public static final int GTID_TAGGED = 42;
    public static final int ANNOTATE_ROWS = 160;
    public static final int MARIADB_GTID = 162;
    public static final int START_ENCRYPTION = 164;
    public static final int QUERY_COMPRESSED = 165;
    public static final int LAST_MARIADB_COMPRESSED = 171;

    private EventTypes() {
    }

    public static boolean isRows(int type) {
        return type >= WRITE_ROWS_V1 && type <= DELETE_ROWS_V1 || type >= WRITE_ROWS_V2 && type <= DELETE_ROWS_V2
                || type == PARTIAL_UPDATE_ROWS;
    }

    public static boolean isMariaDbCompressed(int type) {
        return type >= QUERY_COMPRESSED && type <= LAST_MARIADB_COMPRESSED;
    }
}
