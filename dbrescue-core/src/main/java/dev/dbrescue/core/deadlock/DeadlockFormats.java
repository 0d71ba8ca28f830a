package dev.dbrescue.core.deadlock;

import dev.dbrescue.core.deadlock.innodb.InnoDbDeadlockParser;
import dev.dbrescue.core.deadlock.postgres.PostgresLogParser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Picks the parser for an input by looking at its beginning, so that users never name the format: an InnoDB status,
 * a MySQL/MariaDB error log, a PostgreSQL log in any of its three shapes.
 */
public final class DeadlockFormats {

    /** How much of the input the sniffing reads (and then rewinds). */
    static final int HEAD_CHARS = 64 * 1024;

    /** One known format: its name, how to recognise it, how to make its parser. */
    public record Format(String name, Predicate<String> recognizes, Supplier<DeadlockParser> parser) {
    }

    /** The formats dbrescue reads, in the order they are tried. */
    private static final List<Format> FORMATS = List.of(
            new Format("innodb", InnoDbDeadlockParser::recognizes, InnoDbDeadlockParser::new),
            new Format("postgresql-log", PostgresLogParser::recognizes, PostgresLogParser::new));

    private DeadlockFormats() {
    }

    public static List<Format> known() {
        return FORMATS;
    }

    /**
     * Parses an input of any known format. An input no parser recognises gives one warning and no deadlock.
     */
    public static void parse(Reader input, String source, DeadlockSink sink) throws IOException {
        BufferedReader reader = input instanceof BufferedReader b ? b : new BufferedReader(input, HEAD_CHARS * 2);
        reader.mark(HEAD_CHARS + 1);
        char[] buffer = new char[HEAD_CHARS];
        int read = 0;
        int n;
        while (read < buffer.length && (n = reader.read(buffer, read, buffer.length - read)) > 0) {
            read += n;
        }
        reader.reset();
        String head = new String(buffer, 0, read);
        for (Format format : known()) {
            if (format.recognizes().test(head)) {
                format.parser().get().parse(reader, source, sink);
                return;
            }
        }
        sink.warning(new ParseWarning(source, 1, read == 0 ? "empty input"
                : "no deadlock report, InnoDB status, MySQL/MariaDB error log or PostgreSQL log recognised"));
    }
}
