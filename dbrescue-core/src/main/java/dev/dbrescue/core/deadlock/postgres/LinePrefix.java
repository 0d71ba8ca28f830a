package dev.dbrescue.core.deadlock.postgres;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the text before a stderr line's severity label tells, found by shape rather than by knowing
 * log_line_prefix: the default {@code %m [%p] }, {@code %t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h },
 * {@code %m [%p-%l] %q%u@%d }, a {@code pid=%p} style, syslog ({@code postgres[4882]: [15-1] }) and Heroku logplex
 * ({@code app[postgres.4882]: [GREEN] [15-1] }). The first bracketed number is the pid: in every common prefix
 * {@code %p} comes before {@code %l} (a prefix that prints {@code [%l]} before {@code [%p]} is misread).
 */
final class LinePrefix {

    private static final Pattern PID = Pattern.compile(
            "\\bpid=(\\d+)|\\[postgres\\.(\\d+)]|\\[(\\d+)(?:-\\d+)?]");
    /** Syslog and Heroku number each line of a message {@code [message-line]}; PostgreSQL's elog.c write_syslog. */
    private static final Pattern SYSLOG_TAG = Pattern.compile("\\w\\[\\d+]: |\\[postgres\\.\\d+]");
    private static final Pattern SEQUENCE = Pattern.compile("\\[\\d+-(\\d+)] ");
    private static final Pattern USER = Pattern.compile(
            "\\buser=([^,\\s\\]]+)|(?:^|[\\s:\\]])([A-Za-z_][\\w.$-]*)@[\\w.$-]+(?=[\\s:\\]]|$)");
    private static final Pattern HOST = Pattern.compile(
            "\\b(?:client|host|remote)=([^,\\s\\]]+)|(?:^|[\\s:])(\\d{1,3}(?:\\.\\d{1,3}){3}|\\[local])\\(\\d*\\)");

    private LinePrefix() {
    }

    /** The process id in a prefix, or null when the prefix shows none. */
    static Long pid(CharSequence prefix) {
        String text = prefix.toString();
        if (text.indexOf('=') < 0 && !text.contains("[postgres.")) {
            return bracketedPid(text); // only the third alternative of PID can match: no regex needed
        }
        Matcher m = PID.matcher(prefix);
        if (!m.find()) {
            return null;
        }
        String digits = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
        return digits.length() > 18 ? null : Long.valueOf(digits);
    }

    /**
     * PID's third alternative, {@code \[(\d+)(?:-\d+)?]}, by hand: the first {@code [digits]} or
     * {@code [digits-digits]}; what the regex would give, found without one (it is run for every message).
     */
    private static Long bracketedPid(String prefix) {
        int n = prefix.length();
        for (int open = prefix.indexOf('['); open >= 0; open = prefix.indexOf('[', open + 1)) {
            int start = open + 1;
            int end = digitsEnd(prefix, start, n);
            if (end == start || end >= n) {
                continue;
            }
            char after = prefix.charAt(end);
            boolean closed = after == ']';
            if (!closed && after == '-') {
                int sequenceEnd = digitsEnd(prefix, end + 1, n);
                closed = sequenceEnd > end + 1 && sequenceEnd < n && prefix.charAt(sequenceEnd) == ']';
            }
            if (closed) {
                return end - start > 18 ? null : Long.valueOf(prefix.substring(start, end));
            }
        }
        return null;
    }

    private static int digitsEnd(String text, int from, int limit) {
        int i = from;
        while (i < limit && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    /**
     * True for syslog and Heroku prefixes: there each line of a message is sent on its own, so the lines of two
     * processes can interleave, and a message is known complete only when its process logs again.
     */
    static boolean interleaves(CharSequence prefix) {
        String text = prefix.toString();
        if (!text.contains("]: ") && !text.contains("[postgres.")) {
            return false; // SYSLOG_TAG needs one of these (the default %m [%p] has neither): no regex needed
        }
        return SYSLOG_TAG.matcher(prefix).find();
    }

    /**
     * Where the text of a syslog or Heroku continuation line starts ({@code [15-3] \tProcess 4821 waits ...}), or -1
     * when the line has no {@code [message-line]} number.
     */
    static int continuationStart(String line, int limit) {
        Matcher m = SEQUENCE.matcher(line);
        m.region(0, Math.min(line.length(), limit));
        return m.find() && !m.group(1).equals("1") ? m.end() : -1;
    }

    static String user(String prefix) {
        if (prefix.indexOf('=') < 0 && prefix.indexOf('@') < 0) {
            return null; // both alternatives of USER need one of these (the default %m [%p] has neither)
        }
        Matcher m = USER.matcher(prefix);
        if (!m.find()) {
            return null;
        }
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    static String host(String prefix) {
        if (prefix.indexOf('=') < 0 && prefix.indexOf('(') < 0) {
            return null; // HOST needs client=/host=/remote= or %r's host(port)
        }
        Matcher m = HOST.matcher(prefix);
        if (!m.find()) {
            return null;
        }
        return m.group(1) != null ? m.group(1) : m.group(2);
    }
}
