package dev.dbrescue.core.deadlock.innodb;

/**
 * The lines between {@code LATEST DETECTED DEADLOCK} (or the error log's {@code Transactions deadlock detected,
 * dumping detailed information.}) and the first transaction:
 * <pre>
 * ------------------------
 * 2024-07-22 15:13:37 0x7f53dc148700          MariaDB, MySQL 5.6/5.7: the time and the detecting thread (hex)
 * 2022-11-25 15:58:22 139815661168384         MySQL 8.0: the thread as a number
 * 111212 22:52:42                             MySQL 5.0 to 5.5
 * 130624 17:39:24TOO DEEP OR LONG SEARCH IN THE LOCK TABLE WAITS-FOR GRAPH, WE WILL ROLL BACK FOLLOWING TRANSACTION
 * </pre>
 * A TOO DEEP report means InnoDB gave up searching the wait-for graph (200 transactions deep or 1,000,000 locks,
 * MySQL manual "Deadlock Detection"): it rolls back the transaction it prints, and the cycle is not shown.
 */
final class HeadingSection implements SectionParser {

    static final String TOO_DEEP = "TOO DEEP OR LONG SEARCH IN THE LOCK TABLE WAITS-FOR GRAPH";

    private final DeadlockDraft draft;

    HeadingSection(DeadlockDraft draft) {
        this.draft = draft;
    }

    @Override
    public boolean accept(String line) {
        String text = line.strip();
        if (text.isEmpty() || isDashes(text)) {
            return true;
        }
        InnoDbTime.Stamp stamp = InnoDbTime.atStart(text);
        if (stamp != null) {
            if (draft.time == null) {
                draft.time = stamp;
            }
            String rest = text.substring(stamp.end()).strip();
            if (rest.contains(TOO_DEEP)) {
                draft.tooDeep = true;
            } else if (!rest.isEmpty() && draft.requesterHandle == null) {
                draft.requesterHandle = handle(rest);
            }
            return true;
        }
        if (text.contains(TOO_DEEP)) {
            draft.tooDeep = true;
            return true;
        }
        return false;
    }

    /**
     * Whether the text is a line of three or more dashes, whitespace around it ignored: {@code isDashes(t)} is
     * {@code t.strip()} being dashes, without the copy that {@code strip} makes (every line of a report is tested).
     */
    static boolean isDashes(String text) {
        int from = 0;
        int to = text.length();
        while (from < to && Character.isWhitespace(text.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
            to--;
        }
        if (to - from < 3) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (text.charAt(i) != '-') {
                return false;
            }
        }
        return true;
    }

    /** {@code 0x7f53dc148700}, {@code 7f76dd7c1700} (5.6/5.7) or {@code 139815661168384} (8.0). */
    private static Long handle(String word) {
        try {
            if (word.startsWith("0x")) {
                return Long.parseUnsignedLong(word.substring(2), 16);
            }
            boolean digits = word.chars().allMatch(Character::isDigit);
            return digits ? Long.valueOf(word) : Long.parseUnsignedLong(word, 16);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
