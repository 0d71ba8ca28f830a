package dev.dbrescue.app;

import dev.dbrescue.core.render.OutputFormat;
import dev.dbrescue.core.target.Target;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

import java.io.IOException;

/** What every live diagnosis command ({@code locks}, {@code connections}) takes: the target, the format, {@code --watch}. */
final class SampleOptions {

    @Parameters(index = "0", paramLabel = "TARGET",
            description = "mysql://, mariadb://, postgresql:// or postgres:// user[:password]@host[:port][/db], or a jdbc: URL.")
    String target;

    @Option(names = "--format", defaultValue = "text", description = "text (default) or json.",
            converter = FormatOption.Converter.class)
    OutputFormat format;

    @Option(names = "--watch", paramLabel = "SECONDS",
            description = "Sample again every SECONDS until Ctrl-C; on a terminal the text is redrawn in place, like top.")
    Double watchSeconds;

    /** Refuses a --watch that is not a positive number of seconds. */
    void check(CommandSpec spec) {
        if (watchSeconds != null && !(watchSeconds > 0)) {
            throw new ParameterException(spec.commandLine(), "--watch takes a positive number of seconds");
        }
    }

    Target target() {
        return Target.parse(target);
    }

    /** One sample, or with --watch one after the other; the exit code of the last. */
    int run(Watch.Sample sample, CommandSpec spec) throws IOException {
        return Watch.run(sample, watchSeconds, format, spec.commandLine().getOut());
    }
}
