package dev.dbrescue.binlog.summary;

/** Rows changed in one table during one minute (UTC), by kind: one bar of the histogram. */
public record MinuteCount(long minuteEpochSecond, String table, long inserted, long updated, long deleted) {

    public long total() {
        return inserted + updated + deleted;
    }
}
