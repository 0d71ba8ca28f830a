package dev.dbrescue.binlog.summary;

import dev.dbrescue.binlog.tx.TableChange;
import dev.dbrescue.binlog.tx.Transaction;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The human form of {@code binlog summary}: the accident and its recovery plan first, then the context. */
public final class TextSummaryWriter {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneOffset.UTC);

    private TextSummaryWriter() {
    }

    public static void write(BinlogSummary s, PrintWriter out) {
        out.printf("%d transactions, %d rows changed, in %d file(s) from %s%s%n", s.transactions(), s.rows(),
                s.files().size(), s.serverVersion().isEmpty() ? "an unknown server" : s.serverVersion(),
                s.transactions() == 0 ? "" : ", " + time(s.firstTime()) + " to " + time(s.lastTime()) + " UTC");
        if (s.mariaDb()) {
            out.println("(MariaDB logs no thread id for DML transactions: thread shows '-')");
        }
        for (String warning : s.warnings()) {
            out.println("WARNING: " + warning);
        }
        out.println();
        if (s.suspicious().isEmpty()) {
            out.println("Nothing suspicious: no DELETE or UPDATE of every row, no transaction far larger than the rest.");
        } else {
            out.println("SUSPICIOUS");
            for (Suspicion suspicion : s.suspicious()) {
                for (Reason r : suspicion.reasons()) {
                    out.println("  ! " + headline(r) + ": " + r.basis());
                }
                out.println("    " + describe(suspicion.transaction()));
            }
            if (s.suspiciousDropped() > 0) {
                out.println("  (" + s.suspiciousDropped() + " more not listed)");
            }
            out.println();
            RecoveryPlan p = s.plan();
            if (!p.undoCommands().isEmpty()) {
                out.println("UNDO IT IN PLACE from the log, without a restore (every row checked before it is written):");
                out.println("       " + p.undoCommands().get(0).line() + "      # the SQL, to review");
                out.println("       " + p.undoCommands().get(1).line() + "   # dry run; then add --execute");
                out.println();
            }
            out.println("POINT-IN-TIME RECOVERY to just before " + (p.accident().gtid() == null ? "the transaction"
                    : "GTID " + p.accident().gtid()) + " (" + p.file() + " position " + p.stopPosition() + ")");
            out.println("  1. Restore the last backup taken before " + time(p.accident().time()) + " UTC on a server"
                    + " no client writes to;");
            out.println("     note its binlog position or GTID (mariadb-backup: xtrabackup_binlog_info; a dump:"
                    + " --master-data).");
            out.println("  2. Replay up to the accident, without it (" + p.tool() + " stops before the first event at"
                    + " or after --stop-position):");
            out.println("       " + p.command("replay_to_position"));
            if (p.command("replay_to_gtid") != null) {
                out.println("     or by GTID (inclusive: the transaction before the accident):");
                out.println("       " + p.command("replay_to_gtid"));
            }
            if (p.command("replay_all_but_accident") != null) {
                out.println("     or, with gtid_mode=ON, everything but the accident (the server skips what the backup"
                        + " has):");
                out.println("       " + p.command("replay_all_but_accident"));
            }
            out.println("     Start with the file holding the backup position; --start-position applies to the first"
                    + " file, --stop-position to the last.");
            out.println("  3. Optionally replay what came after, skipping the accident:");
            out.println("       " + p.command("replay_after"));
        }
        out.println();
        out.println("LARGEST TRANSACTIONS");
        for (Transaction tx : s.largest()) {
            out.println("  " + describe(tx));
        }
        if (s.notReversibleCount() > 0) {
            out.println();
            out.println("NOT REVERSIBLE FROM THE LOG (" + s.notReversibleCount() + " transactions: DDL, statement-format"
                    + " DML or partial row images; flashback will stop at them)");
            for (Transaction tx : s.notReversible()) {
                out.println("  " + describe(tx));
            }
            if (s.notReversibleCount() > s.notReversible().size()) {
                out.println("  (" + (s.notReversibleCount() - s.notReversible().size()) + " more not listed)");
            }
        }
        out.println();
        out.println("ROWS PER MINUTE (UTC)      inserted  updated  deleted  table");
        for (MinuteCount c : s.perMinute()) {
            out.printf("  %-22s %9d %8d %8d  %s%n", MINUTE.format(Instant.ofEpochSecond(c.minuteEpochSecond())),
                    c.inserted(), c.updated(), c.deleted(), c.table());
        }
        out.flush();
    }

    private static String headline(Reason r) {
        return switch (r.code()) {
            case "every_row" -> r.kind() + " of every row of " + r.table();
            case "no_where" -> r.kind() + " without WHERE on " + r.table();
            case "far_larger_on_table" -> r.kind() + " far larger than any other on " + r.table();
            default -> "transaction far larger than the rest";
        };
    }

    static String describe(Transaction tx) {
        StringBuilder s = new StringBuilder();
        s.append(tx.rows()).append(" rows  ").append(time(tx.time()))
                .append("  ").append(tx.file()).append(' ').append(tx.start()).append('-').append(tx.end())
                .append("  gtid ").append(tx.gtid() == null ? "-" : tx.gtid())
                .append("  thread ").append(tx.threadId() == null ? "-" : tx.threadId().toString());
        String sep = "  ";
        for (TableChange c : tx.changes()) {
            s.append(sep).append(c.kind()).append(' ').append(c.table());
            if (c.kind().reversible()) {
                s.append(' ').append(c.rows());
            }
            sep = ", ";
        }
        if (!tx.reversible()) {
            s.append("  [not reversible from the log]");
        }
        if (tx.statement() != null) {
            s.append("\n      ").append(tx.statement().replaceAll("\\s+", " "));
        }
        return s.toString();
    }

    private static String time(long epochSecond) {
        return TIME.format(Instant.ofEpochSecond(epochSecond));
    }
}
