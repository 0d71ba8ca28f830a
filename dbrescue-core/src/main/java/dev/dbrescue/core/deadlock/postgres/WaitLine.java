package dev.dbrescue.core.deadlock.postgres;

import dev.dbrescue.core.deadlock.Decimals;
import dev.dbrescue.core.deadlock.TextScan;

/**
 * A log_lock_waits message of proc.c {@code ProcSleep}, read at the start of the message text:
 * <pre>
 * process 30207 still waiting for ShareLock on transaction 730 after 100.167 ms
 * process 30203 detected deadlock while waiting for ShareLock on transaction 728 after 100.133 ms
 * process 4821 avoided deadlock for AccessExclusiveLock on relation 16384 of database 5 by rearranging queue order after 1000.153 ms
 * </pre>
 * Read by hand: these are most of the messages of a busy log. The definition is the regular expression
 * {@code ^process (\d{1,18}) (still waiting for|acquired|detected deadlock while waiting for|avoided deadlock for
 * |failed to acquire) (\S+) on (.+?)(?: by rearranging queue order)? after (\d+(?:\.\d+)?) ms} at the start of the
 * text ({@code lookingAt}); {@code WaitLineTest} compares the two on varied and hostile messages.
 *
 * @param event one of the five event phrases above
 */
record WaitLine(long pid, String event, String mode, String object, double ms) {

    private static final String[] EVENTS = {"still waiting for", "acquired", "detected deadlock while waiting for",
        "avoided deadlock for", "failed to acquire"};
    private static final String REARRANGING = " by rearranging queue order";

    /** The wait line at the start of {@code message}, or null when the message is not one. */
    static WaitLine parse(String message) {
        if (!message.startsWith("process ")) {
            return null;
        }
        int pidEnd = TextScan.digitsEnd(message, 8);
        if (pidEnd == 8 || pidEnd - 8 > 18 || !message.startsWith(" ", pidEnd)) {
            return null;
        }
        String event = null;
        for (String e : EVENTS) {
            if (message.startsWith(e, pidEnd + 1) && message.startsWith(" ", pidEnd + 1 + e.length())) {
                event = e;
                break;
            }
        }
        if (event == null) {
            return null;
        }
        // (\S+) on : the longest run of non-space characters, then " on "
        int modeStart = pidEnd + 2 + event.length();
        int modeEnd = modeStart;
        while (modeEnd < message.length() && !TextScan.isSpace(message.charAt(modeEnd))) {
            modeEnd++;
        }
        if (modeEnd == modeStart || !message.startsWith(" on ", modeEnd)) {
            return null;
        }
        // (.+?): the shortest object, on one line, that the rest of the expression can follow, which starts with
        // " after " or " by rearranging queue order after "; the candidates come in order of " after "
        int objectStart = modeEnd + 4;
        int lineEnd = objectStart;
        while (lineEnd < message.length() && !TextScan.isLineTerminator(message.charAt(lineEnd))) {
            lineEnd++;
        }
        for (int after = message.indexOf(" after ", objectStart + 1); after >= 0 && after <= lineEnd;
                after = message.indexOf(" after ", after + 1)) {
            int msEnd = millisecondsEnd(message, after);
            if (msEnd < 0) {
                continue;
            }
            int rearranged = after - REARRANGING.length();
            int end = rearranged > objectStart && message.startsWith(REARRANGING, rearranged) ? rearranged : after;
            return new WaitLine(Long.parseLong(message, 8, pidEnd, 10), event,
                    message.substring(modeStart, modeEnd), message.substring(objectStart, end),
                    Decimals.parse(message, after + 7, msEnd));
        }
        return null;
    }

    /** After {@code  after (\d+(?:\.\d+)?)} followed by " ms" at {@code at}: where the number ends, else -1. */
    private static int millisecondsEnd(String s, int at) {
        int whole = TextScan.digitsEnd(s, at + 7);
        if (whole == at + 7) {
            return -1;
        }
        int end = whole;
        if (whole < s.length() && s.charAt(whole) == '.') {
            int fraction = TextScan.digitsEnd(s, whole + 1);
            end = fraction > whole + 1 ? fraction : whole;
        }
        return s.startsWith(" ms", end) ? end : -1;
    }
}
