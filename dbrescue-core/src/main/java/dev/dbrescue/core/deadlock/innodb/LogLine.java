package dev.dbrescue.core.deadlock.innodb;

/**
 * One line of a MySQL or MariaDB error log, split into its prefix and message. The shapes:
 * <pre>
 * 2024-01-01T10:00:00.123456Z 8 [Note] [MY-012468] [InnoDB] Transactions deadlock detected, ...   MySQL 8.0+
 * 2019-01-01T10:00:00.123456Z 12 [Note] InnoDB: Transactions deadlock detected, ...               MySQL 5.7
 * 2024-01-01 10:00:00 12 [Note] InnoDB: Transactions deadlock detected, ...                       MariaDB 10.x
 * 2014-08-24 01:01:24 7f55ea639700InnoDB: transactions deadlock detected, ...                    MySQL 5.6
 * 150101 10:00:00 [Note] InnoDB: ...                                                             MariaDB 5.5/10.0
 * </pre>
 * With innodb_print_all_deadlocks, the servers log the section titles ({@code *** (1) TRANSACTION:}) as messages and
 * write the transactions and locks raw, without a prefix (MySQL 8.0 {@code Deadlock_notifier::print}, MariaDB
 * {@code Deadlock::print}); a title may also follow on the next line, after a message that is only the newline.
 * Read by hand: on a big log this runs for every line.
 *
 * @param threadId the number after the time: the connection (thread) id on MySQL 5.7+ and MariaDB, else null
 * @param innoDb   whether InnoDB wrote it ({@code [InnoDB]} or {@code InnoDB:})
 */
record LogLine(InnoDbTime.Stamp time, Long threadId, boolean innoDb, String message) {

    /** The line as a log line, or null when it has no log prefix. Cheap for lines that cannot be one. */
    static LogLine parse(String line) {
        if (line.length() < 16 || !Character.isDigit(line.charAt(0))) {
            return null;
        }
        InnoDbTime.Stamp time = InnoDbTime.atStart(line);
        if (time == null || time.end() >= line.length()) {
            return null;
        }
        int i = time.end();
        if (line.charAt(i) != ' ') {
            return null;
        }
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        int word = i;
        while (i < line.length() && line.charAt(i) != ' ' && line.charAt(i) != '[') {
            i++;
        }
        String first = line.substring(word, i);
        Long thread = null;
        if (!first.isEmpty() && allDigits(first)) {
            thread = Numbers.toLong(first);
            while (i < line.length() && line.charAt(i) == ' ') {
                i++;
            }
        } else if (!first.isEmpty()) {
            // MySQL 5.6: a hex thread id glued to "InnoDB:"; 5.5: "InnoDB:" right after the time
            int innodb = first.indexOf("InnoDB:");
            boolean hex = innodb >= 0 && first.substring(0, innodb).chars().allMatch(c -> Character.digit(c, 16) >= 0);
            if (!hex) {
                String hexWord = first;
                int after = i;
                while (after < line.length() && line.charAt(after) == ' ') {
                    after++;
                }
                if (hexWord.chars().allMatch(c -> Character.digit(c, 16) >= 0) && line.startsWith("InnoDB:", after)) {
                    return new LogLine(time, null, true, message(line, after + 7));
                }
                return null;
            }
            return new LogLine(time, null, true, message(line, word + innodb + 7));
        }
        if (!line.startsWith("[", i)) {
            if (line.startsWith("InnoDB:", i)) {
                return new LogLine(time, thread, true, message(line, i + 7));
            }
            return null;
        }
        int close = line.indexOf("] ", i);
        if (close < 0 || close - i > 10) {
            return null;
        }
        i = close + 2;
        if (line.startsWith("[MY-", i)) {
            int code = line.indexOf("] [", i);
            int subsystemEnd = code < 0 ? -1 : line.indexOf(']', code + 3);
            if (subsystemEnd < 0) {
                return null;
            }
            boolean innoDb = line.startsWith("InnoDB", code + 3) && subsystemEnd == code + 9;
            return new LogLine(time, thread, innoDb, message(line, subsystemEnd + 1));
        }
        if (line.startsWith("InnoDB:", i)) {
            return new LogLine(time, thread, true, message(line, i + 7));
        }
        return new LogLine(time, thread, false, line.substring(i));
    }

    /** Whether every character is a digit ({@link Character#isDigit}: any script's). */
    private static boolean allDigits(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (!Character.isDigit(word.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The message after a tag, without the one space that separates them. */
    private static String message(String line, int from) {
        if (from < line.length() && line.charAt(from) == ' ') {
            from++;
        }
        return from >= line.length() ? "" : line.substring(from);
    }
}
