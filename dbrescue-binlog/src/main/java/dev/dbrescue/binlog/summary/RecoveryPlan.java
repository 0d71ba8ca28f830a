package dev.dbrescue.binlog.summary;

import dev.dbrescue.binlog.tx.Transaction;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Point-in-time recovery up to just before an accident, as {@code mariadb-binlog}/{@code mysqlbinlog} take it
 * (research note, section 3): {@code --stop-position=N} stops at the first event starting at or after N, so N is
 * the accident's start offset and applies to the last file given; a GTID stop position is inclusive, so it is the
 * GTID of the transaction before the accident; {@code --start-position} applies to the first file given.
 *
 * @param stopPosition   the accident's start offset in {@code file}
 * @param stopGtid       the GTID to stop after (MariaDB), null when unknown
 * @param resumePosition the accident's end offset: where to resume to replay what came after it
 * @param commands       shell commands, in order; {@code BACKUP_POSITION} is for the user to fill in
 */
public record RecoveryPlan(Transaction accident, String tool, String client, String file, long stopPosition,
                           String stopGtid, long resumePosition, List<String> replayFiles, List<String> laterFiles,
                           List<String> commands) {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./:=,+-]+");

    static RecoveryPlan of(Transaction accident, boolean mariaDb, List<String> files) {
        String tool = mariaDb ? "mariadb-binlog" : "mysqlbinlog";
        String client = mariaDb ? "mariadb" : "mysql";
        int index = files.indexOf(accident.file());
        List<String> upTo = files.subList(0, index + 1);
        List<String> later = files.subList(index + 1, files.size());
        List<String> commands = new ArrayList<>();
        commands.add(tool + " --start-position=BACKUP_POSITION --stop-position=" + accident.start() + " "
                + join(upTo) + " | " + client);
        String stopGtid = mariaDb ? accident.previousGtid() : null;
        if (stopGtid != null) {
            commands.add(tool + " --start-position=BACKUP_GTID --stop-position=" + stopGtid + " " + join(upTo)
                    + " | " + client);
        }
        List<String> after = new ArrayList<>();
        after.add(accident.file());
        after.addAll(later);
        commands.add(tool + " --start-position=" + accident.end() + " " + join(after) + " | " + client);
        return new RecoveryPlan(accident, tool, client, accident.file(), accident.start(), stopGtid, accident.end(),
                List.copyOf(upTo), List.copyOf(later), List.copyOf(commands));
    }

    private static String join(List<String> files) {
        StringBuilder s = new StringBuilder();
        for (String f : files) {
            if (!s.isEmpty()) {
                s.append(' ');
            }
            s.append(SAFE.matcher(f).matches() ? f : "'" + f.replace("'", "'\\''") + "'");
        }
        return s.toString();
    }
}
