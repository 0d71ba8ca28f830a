package dev.dbrescue.core.deadlock.innodb;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The timestamps InnoDB and the server logs print, read at the start of a line:
 * <ul>
 *   <li>{@code 111212 22:52:42} and {@code 120906  6:03:32} (MySQL 5.0 to 5.5: {@code YYMMDD}, hour padded with a
 *       space), possibly glued to what follows ({@code 130624 17:39:24TOO DEEP ...});</li>
 *   <li>{@code 2024-07-22 15:13:37} (MySQL 5.6+, MariaDB; local time, no zone);</li>
 *   <li>{@code 2024-01-01T10:00:00.123456Z} and {@code ...+09:00} (MySQL 5.7+ error log, {@code log_timestamps}).</li>
 * </ul>
 * A time without a zone is read as UTC: the report does not say the server's zone. {@link Stamp#text()} keeps the
 * time exactly as printed. Read by hand, not with a regular expression: every error log line starts with one.
 */
final class InnoDbTime {

    /** A time as printed and as an instant; {@code end} is where it ends in the line. */
    record Stamp(String text, Instant instant, int end) {
    }

    /**
     * The last time read. Log lines come in bursts with the same time (a deadlock dump is a few dozen lines written
     * in the same second), and making the instant is most of the cost of reading one; the instant depends on the
     * text only, so a line that starts with the same text gets the same stamp. Shared by all threads: a stamp is
     * immutable, and the text is compared before it is used, so a stale or foreign one is merely not reused.
     */
    private static Stamp recent;

    private InnoDbTime() {
    }

    /** The timestamp at the start of {@code text}, or null. */
    static Stamp atStart(String text) {
        if (text.length() < 15 || !Character.isDigit(text.charAt(0))) {
            return null;
        }
        return text.length() >= 19 && text.charAt(4) == '-' ? iso(text) : yymmdd(text);
    }

    /** {@code yyyy-MM-dd[ T]HH:mm:ss[.fraction][Z|+hh:mm|+hhmm]}. */
    private static Stamp iso(String s) {
        if (!digits(s, 0, 4) || s.charAt(4) != '-' || !digits(s, 5, 2) || s.charAt(7) != '-' || !digits(s, 8, 2)
                || (s.charAt(10) != ' ' && s.charAt(10) != 'T') || !digits(s, 11, 2) || s.charAt(13) != ':'
                || !digits(s, 14, 2) || s.charAt(16) != ':' || !digits(s, 17, 2)) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (i < s.length() && s.charAt(i) == '.') {
            int start = ++i;
            while (i < s.length() && i - start < 9 && Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (i == start) {
                return null;
            }
            nanos = Integer.parseInt(s.substring(start, i));
            for (int k = i - start; k < 9; k++) {
                nanos *= 10;
            }
        }
        ZoneOffset offset = ZoneOffset.UTC;
        if (i < s.length() && s.charAt(i) == 'Z') {
            i++;
        } else if (i + 5 <= s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-') && digits(s, i + 1, 2)) {
            int sign = s.charAt(i) == '-' ? -1 : 1;
            int hours = number(s, i + 1, 2);
            int after = i + 3;
            if (after < s.length() && s.charAt(after) == ':') {
                after++;
            }
            if (!digits(s, after, 2)) {
                return null;
            }
            int minutes = number(s, after, 2);
            try {
                offset = ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
            } catch (DateTimeException e) {
                return null;
            }
            i = after + 2;
        }
        Stamp same = sameAsRecent(s, i);
        if (same != null) {
            return same;
        }
        try {
            LocalDateTime t = LocalDateTime.of(number(s, 0, 4), number(s, 5, 2), number(s, 8, 2), number(s, 11, 2),
                    number(s, 14, 2), number(s, 17, 2), nanos);
            return remember(new Stamp(s.substring(0, i), t.toInstant(offset), i));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** {@code yyMMdd H:mm:ss}, the hour padded with a space. */
    private static Stamp yymmdd(String s) {
        if (!digits(s, 0, 6) || s.charAt(6) != ' ') {
            return null;
        }
        int i = 7;
        if (s.charAt(i) == ' ') {
            i++;
        }
        int hourStart = i;
        while (i < s.length() && i - hourStart < 2 && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == hourStart || i + 6 > s.length() || s.charAt(i) != ':' || !digits(s, i + 1, 2)
                || s.charAt(i + 3) != ':' || !digits(s, i + 4, 2)) {
            return null;
        }
        Stamp same = sameAsRecent(s, i + 6);
        if (same != null) {
            return same;
        }
        try {
            LocalDateTime t = LocalDateTime.of(2000 + number(s, 0, 2), number(s, 2, 2), number(s, 4, 2),
                    number(s, hourStart, i - hourStart), number(s, i + 1, 2), number(s, i + 4, 2));
            return remember(new Stamp(s.substring(0, i + 6), t.toInstant(ZoneOffset.UTC), i + 6));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The last stamp read, when {@code s} starts with its text and that text is the {@code end} first characters. */
    private static Stamp sameAsRecent(String s, int end) {
        Stamp last = recent;
        return last != null && last.end() == end && s.startsWith(last.text()) ? last : null;
    }

    private static Stamp remember(Stamp stamp) {
        recent = stamp;
        return stamp;
    }

    private static boolean digits(String s, int from, int count) {
        if (from + count > s.length()) {
            return false;
        }
        for (int i = from; i < from + count; i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static int number(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }
}
