package dev.dbrescue.app;

import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The {@code dbrescue} command. Exit codes are decided here and only here (README, "Exit codes"): 0 nothing found,
 * 1 something found, 2 and up for errors as listed in {@link ErrorCode}.
 */
@Command(name = "dbrescue", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "First aid for MySQL, MariaDB and PostgreSQL incidents.",
        subcommands = {LocksCommand.class, ConnectionsCommand.class, dev.dbrescue.app.deadlocks.DeadlocksCommand.class,
                dev.dbrescue.app.kill.KillCommand.class, dev.dbrescue.app.binlog.BinlogCommand.class, dev.dbrescue.app.binlog.FlashbackCommand.class, LabCommand.class, DemoCommand.class, CommandLine.HelpCommand.class})
public final class DbRescue {

    public static void main(String[] args) {
        // UTF-8 whatever the locale: names and values in the output (flashback SQL above all) must not turn into '?'.
        System.exit(run(args, new StandardOutput(System.out),
                new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true)));
    }

    /** Runs the command line with the given streams; returns the exit code. Used by main and by tests. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new DbRescue());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, arguments) -> {
            String command = commandName(ex.getCommandLine());
            err.println("dbrescue: " + ex.getMessage() + " (see 'dbrescue " + (command.isEmpty() ? "" : command + " ")
                    + "--help')");
            return ErrorCode.USAGE.exitCode();
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean debug = parseResult.hasMatchedOption("--debug")
                    || parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--debug"));
            return report(ex, err, debug);
        });
        return cli.execute(args);
    }

    static int report(Exception ex, PrintWriter err, boolean debug) {
        if (ex instanceof DbRescueException e) {
            err.println("dbrescue: " + e.getMessage());
            if (debug) {
                e.printStackTrace(err);
            }
            err.flush();
            return e.code().exitCode();
        }
        err.println("dbrescue: unexpected error: " + ex + " (run again with --debug for the stack trace, and report it)");
        if (debug) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ErrorCode.INTERNAL.exitCode();
    }

    /** "deadlocks parse", "binlog summary": what follows "dbrescue" in the command's own help line. */
    private static String commandName(CommandLine cli) {
        String name = cli.getCommandSpec().qualifiedName(" ");
        return name.startsWith("dbrescue ") ? name.substring("dbrescue ".length()) : "";
    }
}
