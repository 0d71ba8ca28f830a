package dev.dbrescue.app.binlog;

import dev.dbrescue.app.Confirmation;
import dev.dbrescue.app.StandardOutput;
import dev.dbrescue.binlog.flashback.FlashbackApply;
import dev.dbrescue.binlog.flashback.FlashbackFilter;
import dev.dbrescue.binlog.flashback.FlashbackPlan;
import dev.dbrescue.binlog.flashback.FlashbackPlanner;
import dev.dbrescue.binlog.flashback.FlashbackWriter;
import dev.dbrescue.binlog.live.LiveBinlogs;
import dev.dbrescue.binlog.rows.RowKind;
import dev.dbrescue.binlog.value.LiveSchemas;
import dev.dbrescue.core.target.ClientEnvironment;
import dev.dbrescue.core.connect.Connector;
import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;
import dev.dbrescue.core.target.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code dbrescue flashback --binlog FILE...} or {@code --target URL}: SQL that undoes the selected changes, newest
 * first, or with {@code --forward} the original changes. Two passes over the files (an index of where the selected
 * rows are, then positional reads newest first), so neither a huge file nor a huge transaction is held in memory.
 * Everything that cannot be reversed is refused in the first pass, before anything is written. A live server's binlog
 * is first copied through the replication protocol into temporary files, deleted at the end.
 */
@Command(name = "flashback", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write the SQL that undoes changes found in MySQL/MariaDB binlogs (row",
                "format): DELETE becomes INSERT, INSERT becomes DELETE, UPDATE returns to the",
                "before image; newest first, one BEGIN/COMMIT per transaction, rows matched",
                "on the primary key (on every column without one).",
                "Find the range with 'dbrescue binlog summary' and select it with",
                "--transaction, positions, times or GTIDs. Review the SQL, or let --apply run",
                "it with a check of every row (a dry run unless --execute). Reads binlog files",
                "(--binlog), or a live server's binlog through the replication protocol",
                "(--target).",
                "Exit code: 0 SQL written or applied, 1 nothing selected or a conflict,",
                "2 bad option, 3-6 server unreachable, refused or not MySQL/MariaDB,",
                "7 bad binlog, binary logging off, or a range that cannot be reversed",
                "(DDL, STATEMENT format, MINIMAL images), 8 apply failed (rolled back)",
                "or a file unwritable."})
public final class FlashbackCommand implements Callable<Integer> {

    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd[ HH:mm[:ss]]");

    @Spec
    CommandSpec spec;

    @Option(names = "--binlog", arity = "1..*", paramLabel = "FILE",
            description = "Binlog files (binlog.000001 ...), in order.")
    List<Path> files;

    @Mixin
    LiveSource source;

    @Option(names = "--transaction", paramLabel = "GTID|POS|FILE:POS",
            description = "One transaction, as 'binlog summary' shows it: its GTID or a position inside it.")
    String transaction;

    @Option(names = "--start-position", paramLabel = "N",
            description = "Transactions that begin at or after N in the first file (the summary's start position).")
    Long startPosition;

    @Option(names = "--stop-position", paramLabel = "N",
            description = "Transactions that end at or before N in the last file (the summary's end position).")
    Long stopPosition;

    @Option(names = "--start-datetime", paramLabel = "TIME",
            description = "Transactions at or after 'YYYY-MM-DD hh:mm:ss' (this machine's time zone, as mysqlbinlog"
                    + " reads it; or ISO-8601 with an offset).")
    String startDatetime;

    @Option(names = "--stop-datetime", paramLabel = "TIME", description = "Transactions before this time.")
    String stopDatetime;

    @Option(names = "--gtid", split = ",", paramLabel = "GTID", description = "Only these transactions (comma-separated).")
    List<String> gtids;

    @Option(names = "--database", split = ",", paramLabel = "NAME", description = "Only changes to these databases.")
    List<String> databases;

    @Option(names = "--table", split = ",", paramLabel = "[DB.]TABLE", description = "Only changes to these tables.")
    List<String> tables;

    @Option(names = "--type", split = ",", paramLabel = "KIND",
            description = "Only these changes: insert, update, delete (comma-separated).")
    List<String> types;

    @Option(names = "--thread-id", paramLabel = "ID",
            description = "Only transactions of this connection (MySQL logs it; MariaDB does not for row events).")
    Long threadId;

    @Option(names = "--forward", description = "Write the original changes in log order instead of their undo.")
    boolean forward;

    @Option(names = "--schema-from", paramLabel = "URL",
            description = "Server to read column names and types from when the binlog has none"
                    + " (binlog_row_metadata other than FULL); its tables must be as they were.")
    String schemaFrom;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the SQL here (created whole or not at all) instead of standard output.")
    Path output;

    @Option(names = "--apply", paramLabel = "URL",
            description = "Run the undo on this server, transaction by transaction, each row first checked to be"
                    + " as the log left it. A dry run (checks only, nothing written) unless --execute.")
    String apply;

    @Option(names = "--execute", description = "With --apply: write (after a confirmation on the terminal unless --yes).")
    boolean execute;

    @Option(names = "--yes", description = "With --execute: do not ask.")
    boolean yes;

    @Option(names = "--on-conflict", defaultValue = "stop", paramLabel = "stop|skip",
            description = "A transaction whose rows changed since the log (or whose keys are taken again) is rolled"
                    + " back; then stop (default) or skip it and go on.")
    String onConflict;

    @Option(names = "--audit-log", paramLabel = "FILE",
            description = "With --execute: append every transaction to FILE (default ~/.dbrescue/audit.jsonl).")
    Path auditLog;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;

    /** Who answers the confirmation; tests put themselves in the terminal's place. */
    Confirmation confirmation = Confirmation.terminal();

    @Override
    public Integer call() throws Exception {
        source.check(spec, files != null && !files.isEmpty(), "--binlog FILE...");
        FlashbackFilter filter = filter();
        FlashbackApply.OnConflict conflicts = applyOptions();
        if (!source.isLive()) {
            return run(files, null, filter, conflicts);
        }
        return source.read(spec.commandLine().getErr(), live -> run(live.files(), live, filter, conflicts));
    }

    /** Both passes and the output, over binlog files (the copies of a live server's binlog when {@code live}). */
    private int run(List<Path> binlogs, LiveBinlogs live, FlashbackFilter filter, FlashbackApply.OnConflict conflicts)
            throws IOException {
        FlashbackPlan plan;
        // The server the undo is applied to knows the tables too (and which columns are generated).
        String schemaSource = schemaFrom != null ? schemaFrom : apply;
        try (ServerConnection server = schemaSource == null ? null
                : new Connector(ClientEnvironment.current()).open(Target.parse(schemaSource))) {
            LiveSchemas schemas = server == null ? null : new LiveSchemas(server.connection());
            plan = FlashbackPlanner.plan(binlogs, filter, forward, schemas);
        }
        if (live != null) {
            plan = live.withServerNames(plan);
        }
        try (FlashbackPlan planned = plan) {
            return write(planned, conflicts);
        }
    }

    private int write(FlashbackPlan plan, FlashbackApply.OnConflict conflicts) throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        for (String warning : plan.warnings()) {
            err.println("dbrescue: warning: " + warning);
        }
        if (plan.isEmpty()) {
            err.println("dbrescue: no row change in the binlogs matches the selection; check the range with"
                    + " 'dbrescue binlog summary'" + (source.isLive() && source.startFile == null
                    ? " (only the newest binlogs were read: --start-file for earlier ones)" : ""));
            err.flush();
            return 1;
        }
        if (apply != null) {
            if (output != null) {
                toFile(plan);
            }
            return new FlashbackApplyRun(this, plan, conflicts).run();
        }
        FlashbackWriter.Written written = output == null ? toStdout(plan) : toFile(plan);
        err.println("dbrescue: " + (forward ? "forward SQL of " : "undo of ") + written.transactions()
                + " transactions, " + written.rows() + " rows in " + written.statements() + " statements"
                + (output == null ? "" : ", written to " + output));
        err.flush();
        return 0;
    }

    private FlashbackWriter.Written toStdout(FlashbackPlan plan) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        out.flush();
        if (out instanceof StandardOutput standard) {
            BufferedOutputStream bytes = new BufferedOutputStream(standard.stream(), 1 << 20);
            FlashbackWriter.Written written = FlashbackWriter.write(plan, forward, bytes);
            bytes.flush();
            return written;
        }
        // Another writer (tests, embedding): decoded once at the end.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FlashbackWriter.Written written = FlashbackWriter.write(plan, forward, bytes);
        out.write(bytes.toString(StandardCharsets.UTF_8));
        out.flush();
        return written;
    }

    /** Written beside the target and moved into place at the end: an interrupted run leaves no half script. */
    private FlashbackWriter.Written toFile(FlashbackPlan plan) throws IOException {
        Path absolute = output.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new DbRescueException(ErrorCode.USAGE, "--output " + output + " is a directory; name a file");
        }
        if (!Files.isRegularFile(absolute) && Files.exists(absolute)) {
            // /dev/null and other special files: write through, nothing to move.
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(absolute), 1 << 20)) {
                return FlashbackWriter.write(plan, forward, out);
            } catch (IOException e) {
                throw cannotWrite(e);
            }
        }
        Path temporary = absolute.resolveSibling(absolute.getFileName() + ".partial");
        try {
            FlashbackWriter.Written written;
            ownerOnly(temporary); // the script holds the rows: readable by the user only, like the audit log
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 20)) {
                written = FlashbackWriter.write(plan, forward, out);
            }
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return written;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            if (e instanceof IOException io) {
                throw cannotWrite(io);
            }
            throw e;
        }
    }

    private DbRescueException cannotWrite(IOException e) {
        return new DbRescueException(ErrorCode.USAGE, "cannot write --output " + output + ": " + e.getMessage(), e);
    }

    private FlashbackApply.OnConflict applyOptions() {
        FlashbackApply.OnConflict mode;
        try {
            mode = FlashbackApply.OnConflict.valueOf(onConflict.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--on-conflict: use stop or skip, not '" + onConflict + "'");
        }
        if (apply == null && (execute || yes || auditLog != null)) {
            throw new ParameterException(spec.commandLine(), "--execute, --yes and --audit-log go with --apply URL");
        }
        if (yes && !execute) {
            throw new ParameterException(spec.commandLine(), "--yes confirms --execute, which is missing: add"
                    + " --execute to write, or drop --yes for a dry run");
        }
        if (execute && !yes && !confirmation.available()) {
            throw new DbRescueException(ErrorCode.USAGE, "--execute asks for confirmation on a terminal, and there is"
                    + " none: run it in a terminal, or add --yes to write without asking");
        }
        return mode;
    }

    private static void ownerOnly(Path file) throws IOException {
        Files.deleteIfExists(file);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        }
    }

    private FlashbackFilter filter() {
        EnumSet<RowKind> kinds = EnumSet.allOf(RowKind.class);
        if (types != null && !types.isEmpty()) {
            kinds = EnumSet.noneOf(RowKind.class);
            for (String type : types) {
                try {
                    kinds.add(RowKind.valueOf(type.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), "--type: unknown kind '" + type
                            + "': use insert, update or delete");
                }
            }
        }
        if (startPosition != null && startPosition < 4 || stopPosition != null && stopPosition < 4) {
            throw new ParameterException(spec.commandLine(), "positions start at 4 (after the binlog's magic bytes)");
        }
        return new FlashbackFilter(time("--start-datetime", startDatetime), time("--stop-datetime", stopDatetime),
                startPosition, stopPosition, set(gtids), set(databases), set(tables), kinds, threadId, transaction);
    }

    private Long time(String option, String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toEpochSecond();
        } catch (DateTimeParseException notIso) {
            try {
                return java.time.LocalDateTime.from(DATETIME.parseBest(value.trim(), LocalDateTime::from,
                        s -> java.time.LocalDate.from(s).atStartOfDay())).atZone(ZoneId.systemDefault())
                        .toEpochSecond();
            } catch (DateTimeParseException | ClassCastException e) {
                throw new ParameterException(spec.commandLine(), option + ": '" + value + "' is not a time; write"
                        + " 'YYYY-MM-DD hh:mm:ss' or ISO-8601 with an offset (2026-11-21T03:00:00+09:00)");
            }
        }
    }

    private static Set<String> set(List<String> values) {
        if (values == null) {
            return Set.of();
        }
        Set<String> set = new LinkedHashSet<>();
        values.stream().map(String::trim).filter(v -> !v.isEmpty()).forEach(set::add);
        return Set.copyOf(set);
    }
}
