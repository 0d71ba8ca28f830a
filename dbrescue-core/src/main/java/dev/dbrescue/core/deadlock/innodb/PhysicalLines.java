package dev.dbrescue.core.deadlock.innodb;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines ({@code \n}, {@code \r\n} or {@code \r}) with a bound on their length, so that input without line
 * breaks cannot make memory grow: characters past {@link #maxChars} are skipped and {@link #lastCut()} says so.
 * The bound is large enough for a whole SHOW ENGINE INNODB STATUS on one escaped line (the server caps the status at
 * about 1 MB).
 */
final class PhysicalLines {

    private final Reader in;
    private final int maxChars;
    private final char[] buffer = new char[64 * 1024];
    private int pos;
    private int limit;
    private long number;
    private boolean cut;
    private boolean pendingLf;
    private final StringBuilder line = new StringBuilder(256);

    PhysicalLines(Reader in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    /** The next line without its terminator, or null at the end of the input. */
    String next() throws IOException {
        line.setLength(0);
        cut = false;
        boolean any = false;
        while (true) {
            if (pos == limit) {
                limit = in.read(buffer, 0, buffer.length);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (!any) {
                        return null;
                    }
                    return finish();
                }
            }
            if (pendingLf) {
                pendingLf = false;
                if (buffer[pos] == '\n') {
                    pos++;
                    continue;
                }
            }
            int start = pos;
            while (pos < limit) {
                char c = buffer[pos];
                if (c == '\n' || c == '\r') {
                    if (line.length() == 0 && pos - start <= maxChars) {
                        // the whole line is in the buffer: one copy instead of two
                        String whole = new String(buffer, start, pos - start);
                        pos++;
                        pendingLf = c == '\r';
                        return finishWith(whole);
                    }
                    append(start, pos);
                    pos++;
                    pendingLf = c == '\r';
                    return finish();
                }
                pos++;
            }
            append(start, pos);
            any = true;
        }
    }

    private void append(int from, int to) {
        int room = maxChars - line.length();
        int n = to - from;
        if (n > room) {
            cut = true;
            n = Math.max(room, 0);
        }
        line.append(buffer, from, n);
    }

    private String finishWith(String whole) {
        number++;
        return number == 1 && !whole.isEmpty() && whole.charAt(0) == '\uFEFF' ? whole.substring(1) : whole;
    }

    private String finish() {
        number++;
        if (number == 1 && line.length() > 0 && line.charAt(0) == '\uFEFF') {
            line.deleteCharAt(0);
        }
        return line.toString();
    }

    /** The number of the line {@link #next()} returned last, from 1. */
    long number() {
        return number;
    }

    /** Whether the line {@link #next()} returned last was longer than the bound and was cut. */
    boolean lastCut() {
        return cut;
    }
}
