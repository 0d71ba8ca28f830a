package dev.dbrescue.app;

import picocli.CommandLine.Option;

/** Options every command has. */
final class CommonOptions {

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;
}
