package dev.dbrescue.app.deadlocks;

import dev.dbrescue.core.deadlock.DeadlockFormats;
import dev.dbrescue.core.deadlock.render.DeadlockFormat;
import dev.dbrescue.core.deadlock.render.DeadlockWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code dbrescue deadlocks parse FILE...}: every deadlock in the inputs, explained. Streams: memory does not grow
 * with the input.
 */
@Command(name = "parse", mixinStandardHelpOptions = true,
        description = {"Find every deadlock in SHOW ENGINE INNODB STATUS output, MySQL/MariaDB error logs",
                "(innodb_print_all_deadlocks) and PostgreSQL logs (stderr, csvlog, jsonlog; gzip ok), and explain each.",
                "Exit code: 0 none found, 1 deadlocks found, 7 unreadable input."})
final class ParseCommand implements Callable<Integer> {

    /** Warnings and lock waits kept for the end of the output; the rest are counted. */
    static final int MAX_KEPT = 10_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to read; - for standard input.")
    List<String> files;

    @Option(names = "--format", defaultValue = "text", converter = DeadlockFormatConverter.class,
            description = "text (default), json, mermaid or dot.")
    DeadlockFormat format;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        DeadlockWriter writer = DeadlockWriter.of(format, out);
        CollectingSink sink = new CollectingSink(writer::deadlock, MAX_KEPT);
        writer.begin();
        for (String file : files) {
            try (BufferedReader reader = InputFiles.open(file)) {
                DeadlockFormats.parse(reader, file, sink);
            }
        }
        writer.end(sink.lockWaits, sink.warnings, sink.warningsDropped);
        out.flush();
        return sink.deadlocks > 0 ? 1 : 0;
    }
}
