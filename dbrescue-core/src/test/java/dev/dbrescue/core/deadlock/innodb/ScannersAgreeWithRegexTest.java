package dev.dbrescue.core.deadlock.innodb;

import dev.dbrescue.core.deadlock.RandomTexts;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-written line scanners of the InnoDB parser ({@link TransactionLines}, {@link Marker},
 * {@link RecordDump#heapNo}) against the regular expressions they replaced, kept below unchanged as the definition:
 * on real lines, on real lines damaged at random, and on pieces glued at random (boundaries, line terminators other
 * than {@code \n}, numbers too big, words cut short).
 */
class ScannersAgreeWithRegexTest {

    private static final String[] REAL = {
        "TRANSACTION 3405, ACTIVE 161 sec starting index read",
        "TRANSACTION 0 3793489, ACTIVE 2 sec, process no 5488, OS thread id 1141422400 starting index read, thread declared inside InnoDB 500",
        "TRANSACTION 99, ACTIVE (PREPARED) 7 sec",
        "TRANSACTION 3BF88F886, ACTIVE 0.5 sec fetching rows, thread declared inside InnoDB 1  ",
        "TRANSACTION 36, ACTIVE 1 sec inserting",
        "TRANSACTION 421, not started",
        "mysql tables in use 1, locked 1",
        "LOCK WAIT 3 lock struct(s), heap size 376, 3 row lock(s), undo log entries 2",
        "4 lock struct(s), heap size 1216",
        "2 lock struct(s), heap size 1128, undo log entries 1",
        "MySQL thread id 19, OS thread handle 0x7fac301e4700, query id 180 localhost root Updating",
        "MariaDB thread id 16, OS thread handle 139998151345920, query id 118 10.88.0.172 root Updating",
        "MariaDB thread id 6, OS thread handle 140380939728576, query id 23 localhost 127.0.0.1 root Updating",
        "MySQL thread id 11, query id 350 localhost baron Updating",
        "MySQL thread id 384855, query id 79940498 10.8.0.86 robot Sending data",
        "MariaDB thread id 16, OS thread handle 139998151345920, query id 118 localhost ::1 root Updating",
        "MySQL thread id 4567, OS thread handle 12345, query id 67890",
        "*** (1) TRANSACTION:",
        "*** (2) HOLDS THE LOCK(S):",
        "*** (1) WAITING FOR THIS LOCK TO BE GRANTED:",
        "*** WAITING FOR THIS LOCK TO BE GRANTED:",
        "*** CONFLICTING WITH:",
        "*** TRANSACTION:",
        "*** WE ROLL BACK TRANSACTION (2)",
        "*** WE ROLL BACK TRANSACTION (1) \t",
        "Record lock, heap no 3 PHYSICAL RECORD: n_fields 4; compact format; info bits 0",
        "Record lock, heap no 1 PHYSICAL RECORD: n_fields 1; compact format; info bits 0",
    };

    private static final String[] PIECES = {
        "TRANSACTION ", "MySQL thread id ", "MariaDB thread id ", "ACTIVE", "ACTIVE ", " (PREPARED)", " sec", " sec ",
        ", ", ",", " ", "  ", "0", "7", "12", "300", "99999999999999999999", "2147483648", "0x", "7f", "aB", "FF", "g",
        ".", ".5", ":", "::1", "fe80::1", "127.0.0.1", "1.2.3", "1.2.3.4.5", "1234.1.1.1", "\t", "\u2028", "\u0085",
        "\u2029", "\n", "\r", "\r\n", "\u000B", "\f", "\u0001", " OS thread handle ", " query id ", ", process no ",
        ", OS thread id ", ", thread declared inside InnoDB ", "mysql tables in use ", ", locked ", "LOCK WAIT ",
        " lock struct(s), heap size ", " row lock(s)", ", undo log entries ", "lock struct(s)", "*** ", "***", "(",
        ")", "(1) ", "(12) ", ") ", "TRANSACTION:", "HOLDS THE LOCK(S):", "WAITING FOR THIS LOCK TO BE GRANTED:",
        "CONFLICTING WITH:", "WE ROLL BACK TRANSACTION ", "WE ROLL BACK TRANSACTION (", "Record lock, heap no ",
        "é", "٣", "root", "localhost", "Updating", "starting index read", "x",
    };

    private static final String[] STARTS = {"TRANSACTION ", "MySQL thread id ", "MariaDB thread id ",
        "mysql tables in use ", "LOCK WAIT ", "*** ", "*** WE ROLL BACK TRANSACTION (", "Record lock, heap no ", ""};

    @Test
    void transactionLines() {
        agree(TransactionLines::header, Definitions::header);
    }

    @Test
    void tableCounts() {
        agree(line -> listOf(TransactionLines.tables(line)), line -> listOf(Definitions.tables(line)));
    }

    @Test
    void lockCounts() {
        agree(line -> listOf(TransactionLines.locks(line)), line -> listOf(Definitions.locks(line)));
    }

    @Test
    void threadLines() {
        agree(TransactionLines::thread, Definitions::thread);
    }

    @Test
    void markers() {
        agree(Marker::parse, Definitions::marker);
    }

    @Test
    void heapNumbers() {
        agree(RecordDump::heapNo, Definitions::heapNo);
    }

    @Test
    void ipAddresses() {
        Random random = new Random(7);
        String[] parts = {"1", "12", "123", "1234", ".", ":", "::", "a", "F", "g", "0", "é", " ", "٣"};
        for (int k = 0; k < 100_000; k++) {
            StringBuilder word = new StringBuilder();
            for (int i = random.nextInt(9); i > 0; i--) {
                word.append(parts[random.nextInt(parts.length)]);
            }
            String w = word.toString();
            assertThat(TransactionLines.isIp(w)).as("[%s]", w).isEqualTo(Definitions.IP.matcher(w).matches());
        }
    }

    private static List<?> listOf(Object[] values) {
        return values == null ? null : Arrays.asList(values);
    }

    private static List<?> listOf(int[] values) {
        return values == null ? null : Arrays.stream(values).boxed().toList();
    }

    private static <T> void agree(Function<String, T> scanner, Function<String, T> definition) {
        new RandomTexts(REAL, STARTS, PIECES).agree(scanner, definition, 300_000, 42);
    }

    /** The regular expressions the scanners replaced, with the code around them, unchanged. */
    private static final class Definitions {

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
        static final Pattern IP = Pattern.compile("^(?:\\d{1,3}(?:\\.\\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*)$");
        private static final Pattern TITLE = Pattern.compile(
                "^\\*\\*\\* (?:\\((\\d+)\\) )?(TRANSACTION|HOLDS THE LOCK\\(S\\)|WAITING FOR THIS LOCK TO BE GRANTED"
                        + "|CONFLICTING WITH):\\s*$");
        private static final Pattern ROLL_BACK = Pattern.compile("^\\*\\*\\* WE ROLL BACK TRANSACTION \\((\\d+)\\)\\s*$");
        private static final Pattern HEAP = Pattern.compile("^Record lock, heap no (\\d+)");

        static TransactionLines.Header header(String line) {
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
            return new TransactionLines.Header(TransactionLines.trxId(m.group(1)), active, rest.isEmpty() ? null : rest);
        }

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

        static TransactionLines.Thread thread(String line) {
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
            String state = words.length > i + 1 ? String.join(" ", Arrays.copyOfRange(words, i + 1, words.length)) : null;
            return new TransactionLines.Thread(threadId, handle, host, user, state);
        }

        static Marker marker(String line) {
            if (!line.startsWith("*** ")) {
                return null;
            }
            Matcher m = TITLE.matcher(line);
            if (m.matches()) {
                Integer number = m.group(1) == null ? null : Numbers.toInt(m.group(1));
                if (m.group(1) != null && number == null) {
                    return null;
                }
                Marker.Kind kind = switch (m.group(2).charAt(0)) {
                    case 'T' -> Marker.Kind.TRANSACTION;
                    case 'H' -> Marker.Kind.HOLDS;
                    case 'W' -> Marker.Kind.WAITING;
                    default -> Marker.Kind.CONFLICTING;
                };
                return new Marker(kind, number);
            }
            m = ROLL_BACK.matcher(line);
            if (m.matches()) {
                Integer number = Numbers.toInt(m.group(1));
                return number == null ? null : new Marker(Marker.Kind.ROLL_BACK, number);
            }
            return null;
        }

        static int heapNo(String line) {
            if (!line.startsWith("Record lock, heap no ")) {
                return -1;
            }
            Matcher m = HEAP.matcher(line);
            Integer heap = m.find() ? Numbers.toInt(m.group(1)) : null;
            return heap == null ? -1 : heap;
        }

        private static Double parseDouble(String s) {
            try {
                return Double.valueOf(s);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
