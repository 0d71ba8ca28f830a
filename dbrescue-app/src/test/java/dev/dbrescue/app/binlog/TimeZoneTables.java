package dev.dbrescue.app.binlog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;

/**
 * Named time zones for a server whose mysql.time_zone* tables are empty (mariadb-install-db does not fill them,
 * and the embedded binaries have no mariadb-tzinfo-to-sql): one zone's transitions from 1900 to 2040, taken from the
 * JDK's own tz rules, so that a session can use a zone with daylight saving time.
 */
final class TimeZoneTables {

    private TimeZoneTables() {
    }

    /**
     * Loads {@code zone} and checks the server converts with it (a summer and a winter date); returns the name to
     * give {@code time_zone}: the zone, or {@code fallback} when the server does not take it.
     */
    static ZoneId loadOrFallBack(Statement s, ZoneId zone, ZoneId fallback) throws SQLException {
        try {
            load(s, zone);
        } catch (SQLException e) {
            return fallback;
        }
        Instant summer = Instant.parse("2021-07-01T12:00:00Z");
        Instant winter = Instant.parse("2021-01-01T12:00:00Z");
        try (ResultSet r = s.executeQuery("SELECT CONVERT_TZ('2021-07-01 12:00:00', '+00:00', '" + zone.getId()
                + "'), CONVERT_TZ('2021-01-01 12:00:00', '+00:00', '" + zone.getId() + "')")) {
            r.next();
            boolean converts = local(summer, zone).equals(r.getString(1)) && local(winter, zone).equals(r.getString(2));
            return converts && zone.getRules().isDaylightSavings(summer) ? zone : fallback;
        }
    }

    private static String local(Instant instant, ZoneId zone) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").format(LocalDateTime.ofInstant(instant, zone));
    }

    private static void load(Statement s, ZoneId zone) throws SQLException {
        ZoneRules rules = zone.getRules();
        Instant at = Instant.parse("1900-01-01T00:00:00Z");
        Instant end = Instant.parse("2040-01-01T00:00:00Z");
        List<Integer> typeOffsets = new ArrayList<>();
        List<Boolean> typeDst = new ArrayList<>();
        typeOffsets.add(rules.getOffset(at).getTotalSeconds());
        typeDst.add(rules.isDaylightSavings(at));
        StringBuilder transitions = new StringBuilder();
        for (ZoneOffsetTransition t = rules.nextTransition(at); t != null && t.getInstant().isBefore(end);
             t = rules.nextTransition(t.getInstant())) {
            int offset = t.getOffsetAfter().getTotalSeconds();
            boolean dst = rules.isDaylightSavings(t.getInstant());
            int type = -1;
            for (int i = 0; i < typeOffsets.size(); i++) {
                if (typeOffsets.get(i) == offset && typeDst.get(i) == dst) {
                    type = i;
                }
            }
            if (type < 0) {
                type = typeOffsets.size();
                typeOffsets.add(offset);
                typeDst.add(dst);
            }
            transitions.append(transitions.isEmpty() ? "" : ", ").append("(@tz, ")
                    .append(t.getInstant().getEpochSecond()).append(", ").append(type).append(')');
        }
        s.execute("INSERT INTO mysql.time_zone (Use_leap_seconds) VALUES ('N')");
        s.execute("SET @tz = LAST_INSERT_ID()");
        s.execute("INSERT INTO mysql.time_zone_name (Name, Time_zone_id) VALUES ('" + zone.getId() + "', @tz)");
        StringBuilder types = new StringBuilder();
        for (int i = 0; i < typeOffsets.size(); i++) {
            int offset = typeOffsets.get(i);
            types.append(i == 0 ? "" : ", ").append("(@tz, ").append(i).append(", ").append(offset).append(", ")
                    .append(typeDst.get(i) ? 1 : 0).append(", '").append(String.format("%+03d%02d", offset / 3600,
                            Math.abs(offset % 3600) / 60)).append("')");
        }
        s.execute("INSERT INTO mysql.time_zone_transition_type (Time_zone_id, Transition_type_id, `Offset`, Is_DST,"
                + " Abbreviation) VALUES " + types);
        s.execute("INSERT INTO mysql.time_zone_transition (Time_zone_id, Transition_time, Transition_type_id)"
                + " VALUES " + transitions);
    }
}
