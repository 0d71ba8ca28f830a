package dev.dbrescue.core.deadlock.innodb;

import dev.dbrescue.core.deadlock.TextScan;

/**
 * A section title of a deadlock report: {@code *** (1) TRANSACTION:}, {@code *** (2) HOLDS THE LOCK(S):},
 * {@code *** (1) WAITING FOR THIS LOCK TO BE GRANTED:}, MariaDB's un-numbered {@code *** WAITING FOR THIS LOCK TO BE
 * GRANTED:} and {@code *** CONFLICTING WITH:}, the {@code *** TRANSACTION:} of a TOO DEEP report, and the closing
 * {@code *** WE ROLL BACK TRANSACTION (2)}.
 *
 * @param number the transaction's position in the report, null when the title has none (then it is the latest)
 */
record Marker(Kind kind, Integer number) {

    enum Kind { TRANSACTION, HOLDS, WAITING, CONFLICTING, ROLL_BACK }

    /** The title words, each with the kind it opens. */
    private static final String[] TITLES = {
        "TRANSACTION:", "HOLDS THE LOCK(S):", "WAITING FOR THIS LOCK TO BE GRANTED:", "CONFLICTING WITH:"
    };
    private static final Kind[] TITLE_KINDS = {Kind.TRANSACTION, Kind.HOLDS, Kind.WAITING, Kind.CONFLICTING};
    private static final String ROLL_BACK = "*** WE ROLL BACK TRANSACTION (";

    /**
     * The marker on this line, or null. Read by hand (every line that starts with {@code ***} comes here) as the
     * regular expressions {@code \*\*\* (?:\((\d+)\) )?(TRANSACTION|HOLDS THE LOCK\(S\)|WAITING FOR THIS LOCK TO BE
     * GRANTED|CONFLICTING WITH):\s*} and {@code \*\*\* WE ROLL BACK TRANSACTION \((\d+)\)\s*} read the whole line;
     * {@code MarkerTest} compares the two.
     */
    static Marker parse(String line) {
        if (!line.startsWith("*** ")) {
            return null;
        }
        int at = 4;
        String digits = null;
        int end = TextScan.framedDigitsEnd(line, at, "(", ") ");
        if (end >= 0) {
            digits = line.substring(at + 1, end);
            at = end + 2;
        }
        for (int k = 0; k < TITLES.length; k++) {
            if (line.startsWith(TITLES[k], at) && TextScan.spacesToEnd(line, at + TITLES[k].length())) {
                Integer number = digits == null ? null : Numbers.toInt(digits);
                return digits != null && number == null ? null : new Marker(TITLE_KINDS[k], number);
            }
        }
        end = TextScan.framedDigitsEnd(line, 0, ROLL_BACK, ")");
        if (end >= 0 && TextScan.spacesToEnd(line, end + 1)) {
            Integer number = Numbers.toInt(line, ROLL_BACK.length(), end);
            return number == null ? null : new Marker(Kind.ROLL_BACK, number);
        }
        return null;
    }
}
