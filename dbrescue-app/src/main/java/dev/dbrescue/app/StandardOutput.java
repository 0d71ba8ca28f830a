package dev.dbrescue.app;

import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The process's standard output as the commands' PrintWriter, always UTF-8 whatever the locale (names and values
 * must not turn into '?'), and with the byte stream underneath for commands that write bytes they already hold in
 * UTF-8 (flashback SQL: hundreds of megabytes not decoded and encoded again).
 */
public final class StandardOutput extends PrintWriter {

    private final OutputStream stream;

    public StandardOutput(OutputStream stream) {
        super(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
        this.stream = stream;
    }

    /** The bytes underneath; flush this writer before writing to it. */
    public OutputStream stream() {
        return stream;
    }
}
