package dev.dbrescue.core.deadlock.postgres;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A time as a PostgreSQL log prints it, with the instant when it can be told.
 * <p>
 * {@code %t}/{@code %m} print {@code 2024-05-01 12:00:00[.123] UTC}: the zone is log_timezone's abbreviation
 * ({@code UTC}, {@code JST}, {@code CEST}) or, for zones without one in tzdata, a numeric offset ({@code +09}).
 * Heroku logplex and ISO-style prefixes write {@code 2019-03-14T00:22:56+00:00}; {@code %n} writes epoch seconds
 * with milliseconds; syslog writes {@code Mar 14 00:22:56} without a year or zone (no instant then). Abbreviations
 * are ambiguous (CST, IST): the common meaning below is taken, and one not listed is read as UTC; the text as
 * printed is always kept. See https://www.postgresql.org/docs/15/runtime-config-logging.html#GUC-LOG-LINE-PREFIX.
 */
record LogTime(String text, Instant instant) {

    static final LogTime NONE = new LogTime(null, null);

    /** Severity labels that could follow a time with no zone; an RDS-style {@code %t:} puts a colon after the zone. */
    private static final String LABELS = "(?:LOG|ERROR|WARNING|FATAL|PANIC|NOTICE|INFO|DEBUG\\d?|DETAIL|HINT|CONTEXT"
            + "|STATEMENT|QUERY|LOCATION):";
    private static final Pattern ISO = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})[ T](\\d{2}):(\\d{2}):(\\d{2})(?:[.,](\\d{1,9}))?"
                    + "(?: ?(Z|[+-]\\d{2}(?::?\\d{2})?|(?!" + LABELS + ")[A-Z]{2,6})(?!\\w))?");
    private static final Pattern EPOCH = Pattern.compile("(?<![\\d.])(\\d{10})\\.(\\d{3})(?![\\d.])");
    private static final Pattern SYSLOG = Pattern.compile("^[A-Z][a-z]{2} [ \\d]\\d \\d{2}:\\d{2}:\\d{2}");

    /** Common abbreviations, as tzdata prints them; see PostgreSQL's timezone/tznames/Default. */
    private static final Map<String, String> ABBREVIATIONS = Map.ofEntries(
            Map.entry("UTC", "Z"), Map.entry("UCT", "Z"), Map.entry("GMT", "Z"), Map.entry("Z", "Z"),
            Map.entry("WET", "Z"), Map.entry("WEST", "+01:00"), Map.entry("BST", "+01:00"),
            Map.entry("CET", "+01:00"), Map.entry("CEST", "+02:00"), Map.entry("MET", "+01:00"),
            Map.entry("MEST", "+02:00"), Map.entry("EET", "+02:00"), Map.entry("EEST", "+03:00"),
            Map.entry("MSK", "+03:00"), Map.entry("IST", "+05:30"), Map.entry("PKT", "+05:00"),
            Map.entry("WIB", "+07:00"), Map.entry("ICT", "+07:00"), Map.entry("HKT", "+08:00"),
            Map.entry("SGT", "+08:00"), Map.entry("AWST", "+08:00"), Map.entry("PHT", "+08:00"),
            Map.entry("JST", "+09:00"), Map.entry("KST", "+09:00"), Map.entry("ACST", "+09:30"),
            Map.entry("ACDT", "+10:30"), Map.entry("AEST", "+10:00"), Map.entry("AEDT", "+11:00"),
            Map.entry("NZST", "+12:00"), Map.entry("NZDT", "+13:00"), Map.entry("HST", "-10:00"),
            Map.entry("AKST", "-09:00"), Map.entry("AKDT", "-08:00"), Map.entry("PST", "-08:00"),
            Map.entry("PDT", "-07:00"), Map.entry("MST", "-07:00"), Map.entry("MDT", "-06:00"),
            Map.entry("CST", "-06:00"), Map.entry("CDT", "-05:00"), Map.entry("EST", "-05:00"),
            Map.entry("EDT", "-04:00"), Map.entry("AST", "-04:00"), Map.entry("ADT", "-03:00"),
            Map.entry("NST", "-03:30"), Map.entry("NDT", "-02:30"), Map.entry("BRT", "-03:00"),
            Map.entry("ART", "-03:00"), Map.entry("SAST", "+02:00"), Map.entry("CAT", "+02:00"),
            Map.entry("EAT", "+03:00"), Map.entry("WAT", "+01:00"));

    /** The first time found in {@code text} (a line prefix or a csvlog/jsonlog time field). */
    static LogTime find(String text) {
        if (text == null || text.isEmpty()) {
            return NONE;
        }
        LogTime common = common(text);
        if (common != null) {
            return common;
        }
        Matcher iso = ISO.matcher(text);
        if (iso.find()) {
            return new LogTime(iso.group(), isoInstant(iso));
        }
        Matcher epoch = EPOCH.matcher(text);
        if (epoch.find()) {
            long millis = Long.parseLong(epoch.group(1)) * 1000 + Long.parseLong(epoch.group(2));
            return new LogTime(epoch.group(), Instant.ofEpochMilli(millis));
        }
        Matcher syslog = SYSLOG.matcher(text);
        if (syslog.find()) {
            return new LogTime(syslog.group(), null);
        }
        return NONE;
    }

    /**
     * The {@code %t}/{@code %m} form at the very start of {@code text}, {@code YYYY-MM-DD HH:MM:SS[.fff] ZONE } with
     * a 2-6 letter abbreviation followed by a space or the end, read by hand (this runs for every message); null for
     * anything else, which ISO then reads. Gives exactly what ISO would: its leftmost match is this one, and a
     * letter run followed by a space can be neither {@code Z} alone nor a label (those need a colon).
     */
    private static LogTime common(String text) {
        int n = text.length();
        if (n < 23 || !digits(text, 0, 4) || text.charAt(4) != '-' || !digits(text, 5, 2) || text.charAt(7) != '-'
                || !digits(text, 8, 2) || text.charAt(10) != ' ' || !digits(text, 11, 2) || text.charAt(13) != ':'
                || !digits(text, 14, 2) || text.charAt(16) != ':' || !digits(text, 17, 2)) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (text.charAt(i) == '.' || text.charAt(i) == ',') {
            int start = ++i;
            while (i < n && isDigit(text.charAt(i))) {
                i++;
            }
            int count = i - start;
            if (count < 1 || count > 9) {
                return null;
            }
            nanos = number(text, start, count);
            for (int k = count; k < 9; k++) {
                nanos *= 10;
            }
        }
        if (i >= n || text.charAt(i) != ' ') {
            return null;
        }
        int zoneStart = ++i;
        while (i < n && text.charAt(i) >= 'A' && text.charAt(i) <= 'Z') {
            i++;
        }
        int zoneLength = i - zoneStart;
        if (zoneLength < 2 || zoneLength > 6 || (i < n && text.charAt(i) != ' ')) {
            return null;
        }
        String zone = text.substring(zoneStart, i);
        Instant instant;
        try {
            LocalTime time = LocalTime.of(number(text, 11, 2), number(text, 14, 2), number(text, 17, 2), nanos);
            LocalDate date = LocalDate.of(number(text, 0, 4), number(text, 5, 2), number(text, 8, 2));
            instant = date.atTime(time).toInstant(offset(zone));
        } catch (RuntimeException e) {
            instant = null; // e.g. month 13: keep the text only, as isoInstant does
        }
        return new LogTime(text.substring(0, i), instant);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean digits(String text, int from, int count) {
        for (int i = from; i < from + count; i++) {
            if (!isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static int number(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }

    /**
     * Whether the instant is known to better than a second ({@code %m}, {@code %n}, csvlog, jsonlog), so that the
     * difference of two such times is a duration worth reporting; {@code %t} and syslog print whole seconds.
     */
    boolean subSecond() {
        return instant != null && hasFraction(text);
    }

    /**
     * Seconds with a fraction ({@code :SS.f} or {@code :SS,f}), or epoch seconds with milliseconds at the start:
     * {@code :\d{2}[.,]\d|^\d{10}\.\d} found anywhere, read by hand (it runs for every lock wait).
     */
    static boolean hasFraction(String text) {
        int n = text.length();
        if (n >= 12 && text.charAt(10) == '.' && digits(text, 0, 10) && isDigit(text.charAt(11))) {
            return true;
        }
        for (int colon = text.indexOf(':'); colon >= 0 && colon + 4 < n; colon = text.indexOf(':', colon + 1)) {
            char separator = text.charAt(colon + 3);
            if ((separator == '.' || separator == ',') && digits(text, colon + 1, 2) && isDigit(text.charAt(colon + 4))) {
                return true;
            }
        }
        return false;
    }

    private static Instant isoInstant(Matcher iso) {
        String zone = iso.group(8);
        if (zone == null) {
            return null; // a local time of an unknown zone
        }
        try {
            String fraction = iso.group(7) == null ? "0" : (iso.group(7) + "00000000").substring(0, 9);
            LocalTime time = LocalTime.of(Integer.parseInt(iso.group(4)), Integer.parseInt(iso.group(5)),
                    Integer.parseInt(iso.group(6)), Integer.parseInt(fraction));
            LocalDate date = LocalDate.of(Integer.parseInt(iso.group(1)), Integer.parseInt(iso.group(2)),
                    Integer.parseInt(iso.group(3)));
            return date.atTime(time).toInstant(offset(zone));
        } catch (RuntimeException e) {
            return null; // e.g. month 13: keep the text only
        }
    }

    private static ZoneOffset offset(String zone) {
        char first = zone.charAt(0);
        if (first == '+' || first == '-') {
            String digits = zone.replace(":", "");
            int hours = Integer.parseInt(digits.substring(1, 3));
            int minutes = digits.length() >= 5 ? Integer.parseInt(digits.substring(3, 5)) : 0;
            int sign = first == '-' ? -1 : 1;
            return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
        }
        try {
            return ZoneOffset.of(ABBREVIATIONS.getOrDefault(zone, "Z"));
        } catch (DateTimeParseException e) {
            return ZoneOffset.UTC;
        }
    }
}
