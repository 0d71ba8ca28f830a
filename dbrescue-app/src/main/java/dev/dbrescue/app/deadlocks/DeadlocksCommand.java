package dev.dbrescue.app.deadlocks;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dbrescue deadlocks ...}: deadlock forensics after the fact. */
@Command(name = "deadlocks", mixinStandardHelpOptions = true,
        description = "Find, explain and count deadlocks in InnoDB status output, MySQL/MariaDB error logs and PostgreSQL logs.",
        subcommands = {ParseCommand.class, ReportCommand.class, WatchCommand.class, CommandLine.HelpCommand.class})
public final class DeadlocksCommand {
}
