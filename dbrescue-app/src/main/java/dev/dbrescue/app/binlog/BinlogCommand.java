package dev.dbrescue.app.binlog;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dbrescue binlog ...}: MySQL/MariaDB binary logs read offline. */
@Command(name = "binlog", mixinStandardHelpOptions = true,
        description = "Read MySQL/MariaDB binary logs: find the mistaken DELETE or UPDATE and how to recover from it.",
        subcommands = {SummaryCommand.class, CommandLine.HelpCommand.class})
public final class BinlogCommand {
}
