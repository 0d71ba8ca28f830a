package dev.dbrescue.core.deadlock;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads one format, streaming: every deadlock found goes to the sink as soon as it is complete. Malformed or
 * truncated input becomes warnings with line numbers, never an exception (except I/O errors of the reader).
 */
public interface DeadlockParser {

    /** @param source the name shown in warnings and in {@link Deadlock#source()}, e.g. the file name or "-" */
    void parse(Reader input, String source, DeadlockSink sink) throws IOException;
}
