package dev.dbrescue.core.deadlock.postgres;

import java.io.IOException;
import java.io.Reader;

/**
 * A buffered view of the log that can show its head without consuming it (to pick the format) and then hands out
 * bounded lines or single characters, counting lines. Lines longer than {@link #MAX_LINE} are cut (the rest is
 * skipped) so that one endless line cannot exhaust memory.
 */
final class LogInput {

    /** Longest line kept, in characters; PostgreSQL statements can be long, but not this long in a lock report. */
    static final int MAX_LINE = 1 << 20;

    private final Reader reader;
    private char[] buffer = new char[1 << 16];
    private int position;
    private int limit;
    private boolean endOfInput;
    private long lineNumber;
    private boolean lastLineTruncated;

    LogInput(Reader reader) {
        this.reader = reader;
    }

    /** Up to {@code max} characters from the current position, without consuming them. */
    String head(int max) throws IOException {
        while (limit - position < max && !endOfInput) {
            if (buffer.length - position < max) {
                char[] bigger = new char[Math.max(buffer.length, max)];
                System.arraycopy(buffer, position, bigger, 0, limit - position);
                limit -= position;
                position = 0;
                buffer = bigger;
            }
            int read = reader.read(buffer, limit, buffer.length - limit);
            if (read < 0) {
                endOfInput = true;
            } else {
                limit += read;
            }
        }
        return new String(buffer, position, Math.min(max, limit - position));
    }

    /** The next line without its terminator ({@code \n}, a {@code \r} before it dropped), or null at the end. */
    String readLine() throws IOException {
        lastLineTruncated = false;
        StringBuilder longLine = null;
        int scanned = 0; // characters after position already known to hold no line end
        while (true) {
            for (int i = position + scanned; i < limit; i++) {
                if (buffer[i] == '\n') {
                    String line = take(longLine, i);
                    position = i + 1;
                    lineNumber++;
                    return line;
                }
            }
            scanned = limit - position;
            if (endOfInput) {
                if (longLine == null && position == limit) {
                    return null;
                }
                String line = take(longLine, limit);
                position = limit;
                lineNumber++;
                return line;
            }
            if (position == 0 && limit == buffer.length) {
                // The buffer is full and holds no line end: keep what fits under MAX_LINE, drop the rest.
                if (longLine == null) {
                    longLine = new StringBuilder();
                }
                int room = MAX_LINE - longLine.length();
                if (room > 0) {
                    longLine.append(buffer, 0, Math.min(room, limit));
                }
                if (limit > room) {
                    lastLineTruncated = true;
                }
                position = limit;
                scanned = 0;
            }
            fill();
        }
    }

    /** The next character, or -1 at the end; counts a line at every {@code \n}. */
    int read() throws IOException {
        while (position == limit) {
            if (endOfInput) {
                return -1;
            }
            fill();
        }
        char c = buffer[position++];
        if (c == '\n') {
            lineNumber++;
        }
        return c;
    }

    /** Lines consumed so far: the number of the line just returned by {@link #readLine()}. */
    long lineNumber() {
        return lineNumber;
    }

    boolean lastLineTruncated() {
        return lastLineTruncated;
    }

    private String take(StringBuilder longLine, int end) {
        int to = end > position && buffer[end - 1] == '\r' ? end - 1 : end;
        if (longLine == null) {
            return new String(buffer, position, to - position);
        }
        int room = MAX_LINE - longLine.length();
        if (room < to - position) {
            lastLineTruncated = true;
        }
        longLine.append(buffer, position, Math.max(0, Math.min(room, to - position)));
        int length = longLine.length();
        return length > 0 && longLine.charAt(length - 1) == '\r' ? longLine.substring(0, length - 1)
                : longLine.toString();
    }

    /** Moves the unread rest to the front and reads more, or notes the end of the input. */
    private void fill() throws IOException {
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
        if (limit == buffer.length) {
            return;
        }
        int read = reader.read(buffer, limit, buffer.length - limit);
        if (read < 0) {
            endOfInput = true;
        } else {
            limit += read;
        }
    }
}
