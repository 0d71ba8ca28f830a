package dev.dbrescue.core.deadlock.innodb;

import dev.dbrescue.core.deadlock.DeadlockParser;
import dev.dbrescue.core.deadlock.DeadlockSink;
import dev.dbrescue.core.deadlock.ParseWarning;

import java.io.IOException;
import java.io.Reader;

/**
 * Finds every InnoDB deadlock report in:
 * <ul>
 *   <li>SHOW ENGINE INNODB STATUS output, MySQL 5.0 to 9.x, MariaDB 10.x/11.x, Percona Server: as {@code \G} prints
 *       it, as pt-stalk saves it, or as a tabular client prints it on one line with {@code \n} escapes;</li>
 *   <li>MySQL and MariaDB error logs written with {@code innodb_print_all_deadlocks=ON}, any number of reports, all
 *       other log lines ignored.</li>
 * </ul>
 * Streaming: lines are read one at a time and each deadlock goes to the sink when its report ends; only that report
 * is held in memory. What cannot be read inside a report becomes a {@link ParseWarning} with its line number.
 * <p>
 * Layouts and their quirks are described where they are read: {@link HeadingSection} (times, TOO DEEP),
 * {@link TransactionLines}, {@link LockHeader} (lock modes and kinds), {@link RecordDump} (index records),
 * {@link LogLine} (error log prefixes), {@link EscapedStatus}, {@link VictimResolver} (MariaDB's victim numbers).
 */
public final class InnoDbDeadlockParser implements DeadlockParser {

    /** Longest line kept: a whole escaped status (the server caps it at about 1 MB) fits. */
    static final int MAX_LINE_CHARS = 4 * 1024 * 1024;

    private static final String[] SIGNS = {
        "LATEST DETECTED DEADLOCK", "INNODB MONITOR OUTPUT", "*** (1) TRANSACTION:", "*** WE ROLL BACK TRANSACTION",
        "] [InnoDB] ", "] InnoDB: ", " InnoDB: ", "[MY-0"
    };

    /**
     * Whether the beginning of an input (about 64 KB) is InnoDB's: a status output, a deadlock report, or a MySQL or
     * MariaDB error log.
     */
    public static boolean recognizes(String head) {
        for (String sign : SIGNS) {
            if (head.contains(sign)) {
                return true;
            }
        }
        return head.toLowerCase(java.util.Locale.ROOT).contains("deadlock detected, dumping detailed information");
    }

    @Override
    public void parse(Reader input, String source, DeadlockSink sink) throws IOException {
        ReportAssembler assembler = new ReportAssembler(source, sink);
        PhysicalLines lines = new PhysicalLines(input, MAX_LINE_CHARS);
        String line;
        while ((line = lines.next()) != null) {
            long number = lines.number();
            if (lines.lastCut()) {
                assembler.warn(number, "line longer than " + MAX_LINE_CHARS + " characters: the rest of it was skipped");
            }
            if (EscapedStatus.isEscaped(line)) {
                EscapedStatus.forEachLine(line, part -> safely(assembler, number, part));
            } else {
                safely(assembler, number, line);
            }
        }
        try {
            assembler.end(lines.number());
        } catch (RuntimeException e) {
            assembler.recover(lines.number(), e);
        }
    }

    /** The contract: never an exception for what the input says, only for failing to read it. */
    private static void safely(ReportAssembler assembler, long number, String line) {
        try {
            assembler.line(number, line);
        } catch (RuntimeException e) {
            assembler.recover(number, e);
        }
    }
}
