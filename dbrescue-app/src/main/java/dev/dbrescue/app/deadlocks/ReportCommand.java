package dev.dbrescue.app.deadlocks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dbrescue.core.deadlock.DeadlockFormats;
import dev.dbrescue.core.deadlock.analysis.DeadlockStatistics;
import dev.dbrescue.core.deadlock.analysis.DeadlockStatistics.Count;
import dev.dbrescue.core.render.OutputFormat;
import dev.dbrescue.app.FormatOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code dbrescue deadlocks report FILE...}: what deadlocks most, where, when, and between which statements. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Count deadlocks over many files: by pattern, table, index, statement and hour, and the pairs",
                "of statements that deadlock most. Exit code: 0 none found, 1 deadlocks found, 7 unreadable input."})
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to read; - for standard input.")
    List<String> files;

    @Option(names = "--format", defaultValue = "text", converter = FormatOption.Converter.class, description = "text (default) or json.")
    OutputFormat format;

    @Option(names = "--top", defaultValue = "10", description = "Rows per table (default 10).")
    int top;

    @Override
    public Integer call() throws Exception {
        DeadlockStatistics stats = new DeadlockStatistics();
        CollectingSink sink = new CollectingSink(stats::add, ParseCommand.MAX_KEPT);
        for (String file : files) {
            try (BufferedReader reader = InputFiles.open(file)) {
                DeadlockFormats.parse(reader, file, sink);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == OutputFormat.JSON) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out, json(stats, sink));
            out.println();
        } else {
            text(stats, sink, out);
        }
        out.flush();
        return stats.total() > 0 ? 1 : 0;
    }

    private Map<String, Object> json(DeadlockStatistics stats, CollectingSink sink) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total", stats.total());
        m.put("first", stats.first() == null ? null : stats.first().toString());
        m.put("last", stats.last() == null ? null : stats.last().toString());
        m.put("byPattern", stats.byPattern());
        m.put("byTable", stats.byTable(top));
        m.put("byIndex", stats.byIndex(top));
        m.put("byStatement", stats.byStatement(top));
        m.put("byStatementPair", stats.byStatementPair(top).stream()
                .map(c -> Map.of("statements", List.of(c.key().split("\n", 2)), "count", c.count())).toList());
        m.put("byHour", stats.byHour());
        m.put("warnings", sink.warnings);
        return m;
    }

    private void text(DeadlockStatistics stats, CollectingSink sink, PrintWriter out) {
        out.println(stats.total() + (stats.total() == 1 ? " deadlock" : " deadlocks")
                + (stats.first() == null ? "" : " from " + stats.first() + " to " + stats.last()));
        section(out, "By pattern", stats.byPattern());
        section(out, "By table", stats.byTable(top));
        section(out, "By index", stats.byIndex(top));
        section(out, "By statement", stats.byStatement(top));
        out.println();
        out.println("Pairs of statements that deadlock together");
        for (Count c : stats.byStatementPair(top)) {
            String[] pair = c.key().split("\n", 2);
            out.printf("  %6d  %s%n          %s%n", c.count(), pair[0], pair.length > 1 ? pair[1] : "");
        }
        section(out, "By hour (UTC)", stats.byHour());
        if (!sink.warnings.isEmpty()) {
            out.println();
            out.println("Warnings: " + (sink.warnings.size() + sink.warningsDropped) + " (see 'dbrescue deadlocks parse' for each)");
        }
    }

    private static void section(PrintWriter out, String title, List<Count> counts) {
        out.println();
        out.println(title);
        if (counts.isEmpty()) {
            out.println("  (none)");
        }
        for (Count c : counts) {
            out.printf("  %6d  %s%n", c.count(), c.key());
        }
    }
}
