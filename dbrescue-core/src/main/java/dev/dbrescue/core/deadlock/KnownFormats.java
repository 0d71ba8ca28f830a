package dev.dbrescue.core.deadlock;

/** The formats dbrescue reads, in the order they are tried. */
final class KnownFormats {

    private KnownFormats() {
    }

    static void registerAll() {
        DeadlockFormats.register(new DeadlockFormats.Format("innodb",
                dev.dbrescue.core.deadlock.innodb.InnoDbDeadlockParser::recognizes,
                dev.dbrescue.core.deadlock.innodb.InnoDbDeadlockParser::new));
        DeadlockFormats.register(new DeadlockFormats.Format("postgresql-log",
                dev.dbrescue.core.deadlock.postgres.PostgresLogParser::recognizes,
                dev.dbrescue.core.deadlock.postgres.PostgresLogParser::new));
    }
}
