package dev.dbrescue.core.deadlock.innodb;

import java.util.function.Consumer;

/**
 * SHOW ENGINE INNODB STATUS as a tabular client prints it: the whole Status column on one line, its newlines written
 * as the two characters {@code \n} ({@code mysql -e} without {@code -s}/{@code -r} gives
 * {@code InnoDB<TAB><TAB>\n=====...}; bordered tables give {@code | InnoDB |      | \n=====...\n |}). Such a line is
 * split back into the lines the server printed. Raw output ({@code \G}, pt-stalk, error logs) never has the escape
 * sequence next to a status heading, so the test is cheap and does not misfire on statements that contain
 * {@code \n} inside a string literal.
 */
final class EscapedStatus {

    private static final String[] HEADINGS = {
        "INNODB MONITOR OUTPUT\\n", "LATEST DETECTED DEADLOCK\\n", "\\n*** (1) TRANSACTION:", "\\n------------\\nTRANSACTIONS"
    };

    private EscapedStatus() {
    }

    static boolean isEscaped(String line) {
        if (line.length() < 24 || line.indexOf("\\n") < 0) {
            return false;
        }
        for (String heading : HEADINGS) {
            if (line.contains(heading)) {
                return true;
            }
        }
        return false;
    }

    /** Undoes the client's escaping ({@code \n}, {@code \t}, {@code \\}, {@code \0}) and hands on each line. */
    static void forEachLine(String line, Consumer<String> out) {
        StringBuilder current = new StringBuilder(256);
        int n = line.length();
        for (int i = 0; i < n; i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < n) {
                char next = line.charAt(i + 1);
                switch (next) {
                    case 'n' -> {
                        out.accept(current.toString());
                        current.setLength(0);
                        i++;
                        continue;
                    }
                    case 't' -> {
                        current.append('\t');
                        i++;
                        continue;
                    }
                    case '\\' -> {
                        current.append('\\');
                        i++;
                        continue;
                    }
                    case '0' -> {
                        i++;
                        continue;
                    }
                    default -> {
                    }
                }
            }
            current.append(c);
        }
        out.accept(current.toString());
    }
}
