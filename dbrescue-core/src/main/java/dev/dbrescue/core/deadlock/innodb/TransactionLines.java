package dev.dbrescue.core.deadlock.innodb;

import dev.dbrescue.core.deadlock.Decimals;
import dev.dbrescue.core.deadlock.TextScan;

import java.math.BigInteger;

/**
 * The lines {@code trx_print} writes for a transaction of a deadlock:
 * <pre>
 * TRANSACTION 3405, ACTIVE 161 sec starting index read
 * TRANSACTION 0 3793489, ACTIVE 2 sec, process no 5488, OS thread id 1141422400 starting index read, thread declared inside InnoDB 500
 * mysql tables in use 1, locked 1
 * LOCK WAIT 3 lock struct(s), heap size 376, 3 row lock(s), undo log entries 2
 * MySQL thread id 19, OS thread handle 0x7fac301e4700, query id 180 localhost root Updating
 * MariaDB thread id 16, OS thread handle 139998151345920, query id 118 10.88.0.172 root Updating
 * </pre>
 * Read by hand rather than with regular expressions: these lines are a good part of a big error log, and the regexes
 * were among the parser's hottest code. Each method says the regex it stands for (Java syntax, no flags), which is
 * what it reads; {@code TransactionLinesTest} runs the regexes beside the scanners on varied and hostile lines.
 */
final class TransactionLines {

    private static final String TABLES = "mysql tables in use ";
    private static final String STRUCTS_HEAP = " lock struct(s), heap size ";
    private static final String UNDO = ", undo log entries ";
    private static final String HANDLE = " OS thread handle ";
    private static final String DECLARED = ", thread declared inside InnoDB ";
    private static final BigInteger TWO_32 = BigInteger.ONE.shiftLeft(32);

    private TransactionLines() {
    }

    record Header(String trxId, Double activeSeconds, String state) {
    }

    record Thread(long threadId, Long osHandle, String host, String user, String state) {
    }

    /**
     * A transaction id as printed, the same way wherever it appears. MySQL 5.0/5.1 print two 32-bit halves
     * ({@code 0 3793488}): they become one decimal number, high * 2^32 + low. Hex ids (MySQL 5.5 in some builds,
     * {@code 3BF88F886}) stay as printed: a decimal-looking hex id cannot be told apart, so none is converted.
     */
    static String trxId(String printed) {
        int space = printed.indexOf(' ');
        if (space > 0 && printed.indexOf(' ', space + 1) < 0) {
            String high = printed.substring(0, space);
            String low = printed.substring(space + 1);
            if (isDigits(high) && isDigits(low)) {
                return new BigInteger(high).multiply(TWO_32).add(new BigInteger(low)).toString();
            }
        }
        return printed;
    }

    /**
     * The transaction line, {@code TRANSACTION (\d+ \d+|[0-9A-Fa-f]+), (?:ACTIVE(?: \(PREPARED\))? (\d+(?:\.\d+)?) sec|([^,]*))(.*)}
     * (whole line), whose rest loses {@code ^(?:, process no \d+)?(?:, OS thread id \d+)?} and
     * {@code , thread declared inside InnoDB \d+\s*$} and is trimmed to give the state.
     */
    static Header header(String line) {
        if (!line.startsWith("TRANSACTION ")) {
            return null;
        }
        // (\d+ \d+|[0-9A-Fa-f]+), : a two-part decimal id, else one hex word
        int idStart = "TRANSACTION ".length();
        int idEnd = -1;
        int high = TextScan.digitsEnd(line, idStart);
        if (high > idStart && high < line.length() && line.charAt(high) == ' ') {
            int low = TextScan.digitsEnd(line, high + 1);
            if (low > high + 1 && line.startsWith(", ", low)) {
                idEnd = low;
            }
        }
        if (idEnd < 0) {
            int hex = hexEnd(line, idStart);
            if (hex == idStart || !line.startsWith(", ", hex)) {
                return null;
            }
            idEnd = hex;
        }
        String id = line.substring(idStart, idEnd);
        int from = idEnd + 2;
        // ACTIVE(?: \(PREPARED\))? (\d+(?:\.\d+)?) sec(.*)$
        int secondsStart = -1;
        int secondsEnd = -1;
        if (line.startsWith("ACTIVE ", from)) {
            int at = line.startsWith("ACTIVE (PREPARED) ", from) ? from + 18 : from + 7;
            int whole = TextScan.digitsEnd(line, at);
            if (whole > at) {
                int end = whole;
                if (whole + 1 < line.length() && line.charAt(whole) == '.') {
                    int fraction = TextScan.digitsEnd(line, whole + 1);
                    end = fraction > whole + 1 ? fraction : whole;
                }
                if (line.startsWith(" sec", end) && TextScan.dotsToEnd(line, end + 4)) {
                    secondsStart = at;
                    secondsEnd = end;
                }
            }
        }
        if (secondsStart >= 0) {
            return header(id, Decimals.parse(line, secondsStart, secondsEnd), line.substring(secondsEnd + 4));
        }
        // else ([^,]*)(.*)$: anything, with no line terminator after the first comma
        int comma = line.indexOf(',', from);
        if (!TextScan.dotsToEnd(line, comma < 0 ? line.length() : comma)) {
            return null;
        }
        return header(id, null, line.substring(from));
    }

    /** What follows the time: process and OS thread ids (MySQL 5.0/5.1), then the state, without "thread declared". */
    private static Header header(String id, Double active, String rest) {
        int start = 0;
        if (rest.startsWith(", process no ")) {
            int end = TextScan.digitsEnd(rest, 13);
            start = end > 13 ? end : 0;
        }
        if (rest.startsWith(", OS thread id ", start)) {
            int end = TextScan.digitsEnd(rest, start + 15);
            start = end > start + 15 ? end : start;
        }
        // , thread declared inside InnoDB \d+\s*$
        int end = rest.length();
        while (end > start && TextScan.isSpace(rest.charAt(end - 1))) {
            end--;
        }
        int digits = end;
        while (digits > start && TextScan.isDigit(rest.charAt(digits - 1))) {
            digits--;
        }
        int declared = digits - DECLARED.length();
        if (digits < end && declared >= start && rest.startsWith(DECLARED, declared)) {
            end = declared;
        } else {
            end = rest.length();
        }
        String state = rest.substring(start, end).trim();
        return new Header(trxId(id), active, state.isEmpty() ? null : state);
    }

    /** {@code [tablesInUse, tablesLocked]} or null: {@code ^mysql tables in use (\d+), locked (\d+)}. */
    static int[] tables(String line) {
        if (!line.startsWith(TABLES)) {
            return null;
        }
        int inUse = TextScan.digitsEnd(line, TABLES.length());
        if (inUse == TABLES.length() || !line.startsWith(", locked ", inUse)) {
            return null;
        }
        int locked = TextScan.digitsEnd(line, inUse + 9);
        if (locked == inUse + 9) {
            return null;
        }
        return tables(line.substring(TABLES.length(), inUse), line.substring(inUse + 9, locked));
    }

    private static int[] tables(String inUseDigits, String lockedDigits) {
        Integer inUse = Numbers.toInt(inUseDigits);
        Integer locked = Numbers.toInt(lockedDigits);
        return inUse == null || locked == null ? null : new int[] {inUse, locked};
    }

    /**
     * {@code [lockStructs, rowLocks, undoEntries]} (absent ones null) or null: {@code ^(?:LOCK WAIT )?(\d+) lock
     * struct\(s\), heap size \d+(?:, (\d+) row lock\(s\))?(?:, undo log entries (\d+))?}.
     */
    static Long[] locks(String line) {
        if (line.indexOf("lock struct(s)") < 0) {
            return null;
        }
        int structs = line.startsWith("LOCK WAIT ") ? 10 : 0;
        int structsEnd = TextScan.digitsEnd(line, structs);
        if (structsEnd == structs || !line.startsWith(STRUCTS_HEAP, structsEnd)) {
            return null;
        }
        int heapEnd = TextScan.digitsEnd(line, structsEnd + STRUCTS_HEAP.length());
        if (heapEnd == structsEnd + STRUCTS_HEAP.length()) {
            return null;
        }
        String rowLocks = null;
        int at = heapEnd;
        if (line.startsWith(", ", at)) {
            int rows = TextScan.digitsEnd(line, at + 2);
            if (rows > at + 2 && line.startsWith(" row lock(s)", rows)) {
                rowLocks = line.substring(at + 2, rows);
                at = rows + 12;
            }
        }
        String undo = null;
        if (line.startsWith(UNDO, at)) {
            int entries = TextScan.digitsEnd(line, at + UNDO.length());
            if (entries > at + UNDO.length()) {
                undo = line.substring(at + UNDO.length(), entries);
            }
        }
        return locks(line.substring(structs, structsEnd), rowLocks, undo);
    }

    private static Long[] locks(String structsDigits, String rowLocks, String undo) {
        Long structs = Numbers.toLong(structsDigits);
        return structs == null ? null : new Long[] {structs, Numbers.toLong(rowLocks), Numbers.toLong(undo)};
    }

    /**
     * The thread line. After {@code query id} the server prints the client's host name, its IP address when it has
     * both, the user and the thread's state ({@code Updating}, {@code Sending data}); any of them may be missing.
     * {@code (?:MySQL|MariaDB) thread id (\d+),(?: OS thread handle (0x[0-9a-fA-F]+|\d+),)? query id \d+(.*)}
     * (whole line), the rest split on spaces.
     */
    static Thread thread(String line) {
        int idStart = line.startsWith("MySQL thread id ") ? 16 : line.startsWith("MariaDB thread id ") ? 18 : -1;
        if (idStart < 0) {
            return null;
        }
        int idEnd = TextScan.digitsEnd(line, idStart);
        if (idEnd == idStart || !line.startsWith(",", idEnd)) {
            return null;
        }
        int at = idEnd + 1;
        String handle = null;
        // (?: OS thread handle (0x[0-9a-fA-F]+|\d+),)?
        if (line.startsWith(HANDLE, at)) {
            int h = at + HANDLE.length();
            int end = line.startsWith("0x", h) ? hexEnd(line, h + 2) : h;
            if (end <= h + 2 || !line.startsWith(",", end)) {
                end = TextScan.digitsEnd(line, h);
                if (end == h || !line.startsWith(",", end)) {
                    return null; // without the group, " query id" would have to follow the comma
                }
            }
            handle = line.substring(h, end);
            at = end + 1;
        }
        if (!line.startsWith(" query id ", at)) {
            return null;
        }
        int queryId = TextScan.digitsEnd(line, at + 10);
        if (queryId == at + 10 || !TextScan.dotsToEnd(line, queryId)) {
            return null;
        }
        return thread(line.substring(idStart, idEnd), handle, line.substring(queryId));
    }

    private static Thread thread(String threadDigits, String h, String rest) {
        Long threadId = Numbers.toLong(threadDigits);
        if (threadId == null) {
            return null;
        }
        Long handle = null;
        if (h != null) {
            try {
                handle = h.startsWith("0x") ? Long.parseUnsignedLong(h.substring(2), 16) : Long.valueOf(h);
            } catch (NumberFormatException e) {
                handle = null;
            }
        }
        String[] words = words(rest.trim());
        String host = words.length > 0 ? words[0] : null;
        int i = 1;
        if (words.length > 2 && isIp(words[1]) && !isIp(words[0])) {
            i = 2;
        }
        String user = words.length > i ? words[i] : null;
        String state = words.length > i + 1 ? String.join(" ", java.util.Arrays.copyOfRange(words, i + 1, words.length))
                : null;
        return new Thread(threadId, handle, host, user, state);
    }

    /** {@code text.split(" +")} of a trimmed text (none when it is empty), without a regular expression. */
    private static String[] words(String text) {
        if (text.isEmpty()) {
            return new String[0];
        }
        java.util.List<String> words = new java.util.ArrayList<>(6);
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf(' ', start);
            if (end < 0) {
                end = text.length();
            }
            words.add(text.substring(start, end));
            start = end;
            while (start < text.length() && text.charAt(start) == ' ') {
                start++;
            }
        }
        return words.toArray(new String[0]);
    }

    /**
     * {@code \d{1,3}(?:\.\d{1,3}){3}} (IPv4) or {@code [0-9a-fA-F:]*:[0-9a-fA-F:.]*} (IPv6, possibly with an IPv4
     * tail): for the latter, a colon with only hex digits before the first one and hex digits, colons and dots after.
     */
    static boolean isIp(String word) {
        int colon = word.indexOf(':');
        if (colon < 0) {
            return isIpv4(word);
        }
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (!(TextScan.isHexDigit(c) || c == ':' || c == '.' && i > colon)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv4(String word) {
        int at = 0;
        for (int part = 0; part < 4; part++) {
            if (part > 0) {
                if (at >= word.length() || word.charAt(at) != '.') {
                    return false;
                }
                at++;
            }
            int end = TextScan.digitsEnd(word, at);
            if (end == at || end - at > 3) {
                return false;
            }
            at = end;
        }
        return at == word.length();
    }

    private static int hexEnd(String s, int from) {
        int i = from;
        while (i < s.length() && TextScan.isHexDigit(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
