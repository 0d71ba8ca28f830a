package dev.dbrescue.core.deadlock.innodb;

import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 */
final class TransactionLines {

    private static final Pattern TRX = Pattern.compile(
            "^TRANSACTION (\\d+ \\d+|[0-9A-Fa-f]+), (?:ACTIVE(?: \\(PREPARED\\))? (\\d+(?:\\.\\d+)?) sec|([^,]*))(.*)$");
    private static final Pattern TABLES = Pattern.compile("^mysql tables in use (\\d+), locked (\\d+)");
    private static final Pattern LOCKS = Pattern.compile(
            "^(?:LOCK WAIT )?(\\d+) lock struct\\(s\\), heap size \\d+(?:, (\\d+) row lock\\(s\\))?"
                    + "(?:, undo log entries (\\d+))?");
    private static final Pattern THREAD = Pattern.compile(
            "^(?:MySQL|MariaDB) thread id (\\d+),(?: OS thread handle (0x[0-9a-fA-F]+|\\d+),)? query id \\d+(.*)$");
    private static final Pattern EXTRA = Pattern.compile("^(?:, process no \\d+)?(?:, OS thread id \\d+)?");
    private static final Pattern DECLARED = Pattern.compile(", thread declared inside InnoDB \\d+\\s*$");
    private static final Pattern IP = Pattern.compile("^(?:\\d{1,3}(?:\\.\\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*)$");
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

    static Header header(String line) {
        if (!line.startsWith("TRANSACTION ")) {
            return null;
        }
        Matcher m = TRX.matcher(line);
        if (!m.matches()) {
            return null;
        }
        Double active = m.group(2) == null ? null : parseDouble(m.group(2));
        String rest = m.group(2) == null ? m.group(3) + m.group(4) : m.group(4);
        Matcher extra = EXTRA.matcher(rest);
        if (extra.find()) {
            rest = rest.substring(extra.end());
        }
        rest = DECLARED.matcher(rest).replaceFirst("").trim();
        return new Header(trxId(m.group(1)), active, rest.isEmpty() ? null : rest);
    }

    /** {@code [tablesInUse, tablesLocked]} or null. */
    static int[] tables(String line) {
        if (!line.startsWith("mysql tables in use ")) {
            return null;
        }
        Matcher m = TABLES.matcher(line);
        if (!m.find()) {
            return null;
        }
        Integer inUse = Numbers.toInt(m.group(1));
        Integer locked = Numbers.toInt(m.group(2));
        return inUse == null || locked == null ? null : new int[] {inUse, locked};
    }

    /** {@code [lockStructs, rowLocks, undoEntries]} (absent ones null) or null. */
    static Long[] locks(String line) {
        if (line.indexOf("lock struct(s)") < 0) {
            return null;
        }
        Matcher m = LOCKS.matcher(line);
        if (!m.find()) {
            return null;
        }
        Long structs = Numbers.toLong(m.group(1));
        return structs == null ? null : new Long[] {structs, Numbers.toLong(m.group(2)), Numbers.toLong(m.group(3))};
    }

    /**
     * The thread line. After {@code query id} the server prints the client's host name, its IP address when it has
     * both, the user and the thread's state ({@code Updating}, {@code Sending data}); any of them may be missing.
     */
    static Thread thread(String line) {
        if (!line.startsWith("MySQL thread id ") && !line.startsWith("MariaDB thread id ")) {
            return null;
        }
        Matcher m = THREAD.matcher(line);
        if (!m.matches()) {
            return null;
        }
        Long threadId = Numbers.toLong(m.group(1));
        if (threadId == null) {
            return null;
        }
        Long handle = null;
        String h = m.group(2);
        if (h != null) {
            try {
                handle = h.startsWith("0x") ? Long.parseUnsignedLong(h.substring(2), 16) : Long.valueOf(h);
            } catch (NumberFormatException e) {
                handle = null;
            }
        }
        String[] words = m.group(3).trim().isEmpty() ? new String[0] : m.group(3).trim().split(" +");
        String host = words.length > 0 ? words[0] : null;
        int i = 1;
        if (words.length > 2 && IP.matcher(words[1]).matches() && !IP.matcher(words[0]).matches()) {
            i = 2;
        }
        String user = words.length > i ? words[i] : null;
        String state = words.length > i + 1 ? String.join(" ", java.util.Arrays.copyOfRange(words, i + 1, words.length))
                : null;
        return new Thread(threadId, handle, host, user, state);
    }

    private static Double parseDouble(String s) {
        try {
            return Double.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
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
