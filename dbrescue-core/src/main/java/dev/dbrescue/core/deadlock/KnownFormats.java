package dev.dbrescue.core.deadlock;

/** The formats dbrescue reads, in the order they are tried. */
final class KnownFormats {

    private KnownFormats() {
    }

    static void registerAll() {
        // Filled in as parsers land: InnoDB (status and error logs), then PostgreSQL logs.
    }
}
