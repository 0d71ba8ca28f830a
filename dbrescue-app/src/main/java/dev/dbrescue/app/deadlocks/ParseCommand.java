package dev.dbrescue.app.deadlocks;

import dev.dbrescue.core.connect.Connector;
import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.deadlock.DeadlockFormats;
import dev.dbrescue.core.deadlock.render.DeadlockFormat;
import dev.dbrescue.core.deadlock.render.DeadlockWriter;
import dev.dbrescue.core.target.ClientEnvironment;
import dev.dbrescue.core.target.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

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

    @Option(names = "--target", paramLabel = "URL",
            description = {"MySQL/MariaDB server the reports come from: names each index record field (id=5), tells",
                    "foreign-key shared locks apart, and lists the statements each transaction ran before the one",
                    "shown, while performance_schema's history still holds them. Read-only, through a safe session."})
    String target;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        // Connect before any output: a wrong URL is one line on stderr, not half a report.
        try (ServerConnection server = target == null ? null : new Connector(ClientEnvironment.current()).open(Target.parse(target))) {
            DeadlockWriter writer = DeadlockWriter.of(format, out);
            CollectingSink.DeadlockConsumer onDeadlock = writer::deadlock;
            if (server != null) {
                PrintWriter err = spec.commandLine().getErr();
                Consumer<String> warnings = message -> {
                    err.println("dbrescue: " + message);
                    err.flush();
                };
                SchemaEnrichment schema = new SchemaEnrichment(server, warnings);
                StatementRecall recall = new StatementRecall(server.family().statementHistory(server.server()),
                        server.target(), warnings);
                onDeadlock = deadlock -> writer.deadlock(recall.recall(server.connection(), schema.enrich(deadlock)));
            }
            CollectingSink sink = new CollectingSink(onDeadlock, MAX_KEPT);
            writer.begin();
            for (String file : files) {
                try (BufferedReader reader = InputFiles.open(file)) {
                    DeadlockFormats.parse(reader, file, sink);
                }
            }
            writer.end(sink.lockWaits, sink.lockWaitsDropped, sink.warnings, sink.warningsDropped);
            out.flush();
            return sink.deadlocks > 0 ? 1 : 0;
        }
    }
}
