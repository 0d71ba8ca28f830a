package dev.dbrescue.app.binlog;

import dev.dbrescue.app.FormatOption;
import dev.dbrescue.binlog.summary.BinlogSummary;
import dev.dbrescue.binlog.summary.JsonSummaryWriter;
import dev.dbrescue.binlog.summary.SummaryCollector;
import dev.dbrescue.binlog.summary.TextSummaryWriter;
import dev.dbrescue.binlog.tx.TransactionScanner;
import dev.dbrescue.core.render.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code dbrescue binlog summary FILE...} or {@code --target URL}: the transactions of binlog files, or of a live
 * server's binlog read through the replication protocol, largest first, the suspicious ones flagged with a
 * point-in-time recovery plan. Nothing is printed before every file has been read, so a damaged file is one line on
 * stderr and exit code 7, not half a report.
 */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = {"Summarize MySQL/MariaDB binlog files: transactions largest first, rows per",
                "minute and table, the DELETE or UPDATE of every row and the transaction far",
                "larger than the rest flagged, with the point-in-time recovery commands that",
                "stop just before the worst one. Reads binlog files, or with --target a live",
                "server's binlog through the replication protocol.",
                "Exit code: 0 nothing suspicious, 1 flagged, 2 bad option, 3-6 server",
                "unreachable, refused or not MySQL/MariaDB, 7 bad, truncated or damaged",
                "binlog, or binary logging off, 8 the copy of a live binlog unwritable."})
public final class SummaryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "Binlog files (binlog.000001 ...), in order.")
    List<Path> files;

    @Mixin
    LiveSource source;

    @Option(names = "--format", defaultValue = "text", converter = FormatOption.Converter.class,
            description = "text (default) or json.")
    OutputFormat format;

    @Option(names = "--top", defaultValue = "10", paramLabel = "N",
            description = "How many of the largest transactions to list (default 10).")
    int top;

    @Override
    public Integer call() throws Exception {
        if (top < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--top must be 1 or more");
        }
        source.check(spec, files != null && !files.isEmpty(), "binlog FILEs");
        SummaryCollector collector = new SummaryCollector(top);
        PrintWriter err = spec.commandLine().getErr();
        if (!source.isLive()) {
            new TransactionScanner(collector).scan(files);
        } else {
            source.read(err, live -> {
                new TransactionScanner(live.withServerNames(collector)).scan(live.files());
                return null;
            });
        }
        BinlogSummary summary = collector.summary();
        if (source.isLive() && summary.plan() != null) {
            err.println("dbrescue: the recovery commands name the server's binlog files: run them where those files"
                    + " are, or fetch copies first with " + summary.plan().tool() + " --read-from-remote-server"
                    + " --raw --to-last-log " + source.clientOptions() + " " + summary.plan().replayFiles().get(0));
            err.flush();
        }
        if (source.isLive() && summary.suspicious().isEmpty() && source.startFile == null) {
            err.println("dbrescue: only the newest binlogs were read; if the accident is older, give --start-file with"
                    + " an earlier file (SHOW BINARY LOGS)");
            err.flush();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == OutputFormat.JSON) {
            JsonSummaryWriter.write(summary, out);
        } else {
            TextSummaryWriter.write(summary, out);
        }
        return summary.suspicious().isEmpty() ? 0 : 1;
    }
}
