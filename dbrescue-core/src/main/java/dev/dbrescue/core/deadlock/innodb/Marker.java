package dev.dbrescue.core.deadlock.innodb;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Pattern TITLE = Pattern.compile(
            "^\\*\\*\\* (?:\\((\\d+)\\) )?(TRANSACTION|HOLDS THE LOCK\\(S\\)|WAITING FOR THIS LOCK TO BE GRANTED"
                    + "|CONFLICTING WITH):\\s*$");
    private static final Pattern ROLL_BACK = Pattern.compile("^\\*\\*\\* WE ROLL BACK TRANSACTION \\((\\d+)\\)\\s*$");

    /** The marker on this line, or null. */
    static Marker parse(String line) {
        if (!line.startsWith("*** ")) {
            return null;
        }
        Matcher m = TITLE.matcher(line);
        if (m.matches()) {
            Integer number = m.group(1) == null ? null : Numbers.toInt(m.group(1));
            if (m.group(1) != null && number == null) {
                return null;
            }
            Kind kind = switch (m.group(2).charAt(0)) {
                case 'T' -> Kind.TRANSACTION;
                case 'H' -> Kind.HOLDS;
                case 'W' -> Kind.WAITING;
                default -> Kind.CONFLICTING;
            };
            return new Marker(kind, number);
        }
        m = ROLL_BACK.matcher(line);
        if (m.matches()) {
            Integer number = Numbers.toInt(m.group(1));
            return number == null ? null : new Marker(Kind.ROLL_BACK, number);
        }
        return null;
    }
}
