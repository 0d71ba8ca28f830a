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
 * @param commands       shell commands, in order; {@code BACKUP_POSITION} and {@code BACKUP_GTID} are for the user
 *                       to fill in
 */
public record RecoveryPlan(Transaction accident, String tool, String client, String file, long stopPosition,
                           String stopGtid, long resumePosition, List<String> replayFiles, List<String> laterFiles,
                           List<Command> commands) {

    /**
     * One replay command.
     *
     * @param step stable name: {@code replay_to_position}, {@code replay_to_gtid} (MariaDB),
     *             {@code replay_all_but_accident} (MySQL with GTIDs) or {@code replay_after}
     */
    public record Command(String step, String line) {
    }

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./:=,+-]+");

    public static RecoveryPlan of(Transaction accident, boolean mariaDb, List<String> files) {
        String tool = mariaDb ? "mariadb-binlog" : "mysqlbinlog";
        String client = mariaDb ? "mariadb" : "mysql";
        int index = files.indexOf(accident.file());
        List<String> upTo = files.subList(0, index + 1);
        List<String> later = files.subList(index + 1, files.size());
        List<Command> commands = new ArrayList<>();
        commands.add(new Command("replay_to_position", tool + " --start-position=BACKUP_POSITION --stop-position="
                + accident.start() + " " + join(upTo) + " | " + client));
        String stopGtid = mariaDb ? accident.previousGtid() : null;
        if (stopGtid != null) {
            commands.add(new Command("replay_to_gtid", tool + " --start-position=BACKUP_GTID --stop-position="
                    + stopGtid + " " + join(upTo) + " | " + client));
        }
        if (!mariaDb && accident.gtid() != null) {
            // With gtid_mode=ON the restored server skips the transactions its backup already has.
            commands.add(new Command("replay_all_but_accident", tool + " --exclude-gtids=" + accident.gtid() + " "
                    + join(files) + " | " + client));
        }
        List<String> after = new ArrayList<>();
        after.add(accident.file());
        after.addAll(later);
        commands.add(new Command("replay_after", tool + " --start-position=" + accident.end() + " " + join(after)
                + " | " + client));
        return new RecoveryPlan(accident, tool, client, accident.file(), accident.start(), stopGtid, accident.end(),
                List.copyOf(upTo), List.copyOf(later), List.copyOf(commands));
    }

    /**
     * Undoing the accident in place from the log, without a restore, when the log can reverse it: dbrescue's own
     * flashback of exactly that transaction (steps {@code undo_sql}: the SQL to review; {@code undo_apply}: the dry run
     * on the server, to repeat with --execute). Empty when the accident is not reversible (DDL, statement format,
     * partial images).
     */
    public List<Command> undoCommands() {
        if (!accident.reversible()) {
            return List.of();
        }
        String id = accident.gtid() != null ? accident.gtid() : accident.file() + ":" + accident.start();
        String flashback = "dbrescue flashback --binlog " + join(List.of(accident.file())) + " --transaction "
                + join(List.of(id));
        return List.of(new Command("undo_sql", flashback + " -o undo.sql"),
                new Command("undo_apply", flashback + " --apply TARGET_URL"));
    }

    /** The command of a step, or null when the plan has none. */
    public String command(String step) {
        return commands.stream().filter(c -> c.step().equals(step)).map(Command::line).findFirst().orElse(null);
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
