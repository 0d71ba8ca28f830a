package dev.dbrescue.app.deadlocks;

import dev.dbrescue.core.deadlock.Deadlock;
import dev.dbrescue.core.deadlock.DeadlockFormats;
import dev.dbrescue.core.deadlock.DeadlockSink;
import dev.dbrescue.core.deadlock.ParseWarning;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Parses a growing log piece by piece without cutting a report in two, and without knowing the format (only
 * {@link DeadlockFormats#parse} does).
 * <ul>
 * <li>A deadlock read from the newest piece may be incomplete (the server was writing it when the piece was read, or
 * the piece ended inside it). It is held back, and the next piece is parsed together with the text from a little
 * before that deadlock's first line (PostgreSQL writes what a report refers to just before it: the lock waits that
 * name the table). It is handed on once it reads the same with the text that followed and the parser did not find
 * the text ending inside it; {@link #flush()} hands on what is held when no more text comes (a quiet interval, the
 * end of the file).</li>
 * <li>Text that ends inside something the parser could not make a deadlock of yet (an ERROR line whose DETAIL is
 * still to come) is read again, once, with the next piece.</li>
 * <li>The last lines read are always kept as context for the next piece (a terse PostgreSQL log names the lock a
 * victim waited for only in the lock-wait line before the ERROR); deadlocks that start in them were dealt with
 * before and are ignored.</li>
 * </ul>
 * Line numbers are counted from where reading of the file began, and the source names the file and that byte
 * offset ({@code /var/log/mysql/error.log@52311}; no offset when reading began at the beginning).
 */
final class LogWindow {

    /** Text kept before a held report for context: at most this many lines, and this many characters. */
    static final int CONTEXT_LINES = 200;
    static final int CONTEXT_CHARS = 64 << 10;
    /** A held report longer than this is handed on as it is, to bound memory. */
    static final int MAX_CARRY_CHARS = 8 << 20;

    private final Consumer<Deadlock> onDeadlock;
    private final Consumer<ParseWarning> onWarning;
    private String source = "-";
    /** Text read before and parsed again with the next piece: context, then what may be unfinished. */
    private String carry = "";
    /** The file line number of the first line of {@link #carry}. */
    private long carryFirstLine = 1;
    /** Deadlocks starting before this file line were handed on (or found to be none) already. */
    private long doneBefore = 1;
    /** The file line number of the first line of the next piece. */
    private long nextLine = 1;
    private List<Deadlock> held = List.of();

    LogWindow(Consumer<Deadlock> onDeadlock, Consumer<ParseWarning> onWarning) {
        this.onDeadlock = onDeadlock;
        this.onWarning = onWarning;
    }

    /** Another file (or the same one, truncated) begins: what is held from the previous one is complete. */
    void begin(String source) {
        flush();
        this.source = source;
        carry = "";
        nextLine = 1;
        doneBefore = 1;
    }

    /** Parses complete lines appended to the log. */
    void add(String text) throws IOException {
        if (text.isEmpty()) {
            return;
        }
        String window = carry + text;
        long first = carry.isEmpty() ? nextLine : carryFirstLine; // file line of the window's first line
        long windowLines = lineCount(window);
        List<Deadlock> found = new ArrayList<>();
        DeadlocksOf sink = new DeadlocksOf(found, onWarning, source, first, windowLines);
        DeadlockFormats.parse(new StringReader(window), source, sink);

        Map<Long, Deadlock> before = new HashMap<>();
        held.forEach(d -> before.put(d.line(), d));
        List<Deadlock> ready = new ArrayList<>();
        List<Deadlock> hold = new ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            Deadlock here = relocate(found.get(i), first);
            if (here.line() < doneBefore) {
                continue; // in the context kept from before: dealt with already
            }
            Deadlock previous = before.remove(here.line());
            // Whole once it started in text read before, reads the same with the text that followed, and the parser
            // did not find the text ending inside it. In order: after one still held the rest wait too, so that the
            // carried text covers every held report.
            boolean cutShort = i == found.size() - 1 && sink.endedInside();
            boolean whole = hold.isEmpty() && here.line() < nextLine && here.equals(previous) && !cutShort;
            (whole ? ready : hold).add(here);
        }
        // A held report that does not parse again from where it was: better what was read than nothing.
        ready.addAll(before.values());
        ready.sort(Comparator.comparingLong(Deadlock::line));
        ready.forEach(onDeadlock);
        held = List.copyOf(hold);
        nextLine += lineCount(text);

        long unfinished = first + Math.min(sink.endWarningLine(), windowLines) - 1;
        if (!hold.isEmpty()) {
            keep(window, first, hold.get(0).line());
        } else if (sink.endedInside() && unfinished >= nextLine - lineCount(text)) {
            keep(window, first, unfinished); // read it again with what follows, once: only if it is new text
        } else {
            keep(window, first, nextLine); // context only: a report may refer to lines before it
        }
        if (carry.length() > MAX_CARRY_CHARS) {
            flush();
        }
    }

    /** Keeps the window's text from a little before file line {@code from} for the next piece. */
    private void keep(String window, long first, long from) {
        int fromOffset = offsetOfLine(window, (int) (from - first + 1));
        long contextLine = Math.max(first, from - CONTEXT_LINES);
        int start = offsetOfLine(window, (int) (contextLine - first + 1));
        while (fromOffset - start > CONTEXT_CHARS) {
            start = window.indexOf('\n', start) + 1;
            contextLine++;
        }
        carry = window.substring(start);
        carryFirstLine = contextLine;
        doneBefore = from;
    }

    /** Hands on every held deadlock: the text read so far is all there is (for now). */
    void flush() {
        held.forEach(onDeadlock);
        held = List.of();
        if (!carry.isEmpty()) {
            keep(carry, carryFirstLine, nextLine);
        }
    }

    /** Deadlocks read but held back until the next piece shows they are complete. */
    int heldCount() {
        return held.size();
    }

    /** The same deadlock with its line counted in the file. */
    private Deadlock relocate(Deadlock d, long windowFirstLine) {
        return new Deadlock(d.engine(), d.detectedAt(), d.timeText(), d.victimThreadId(), d.transactions(), d.tooDeep(),
                source, windowFirstLine + Math.max(1, d.line()) - 1);
    }

    static long lineCount(String text) {
        long n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    /** The index where 1-based line {@code line} begins. */
    static int offsetOfLine(String text, int line) {
        int offset = 0;
        for (int l = 1; l < line; l++) {
            int next = text.indexOf('\n', offset);
            if (next < 0) {
                return text.length();
            }
            offset = next + 1;
        }
        return offset;
    }

    /**
     * Collects deadlocks; warnings go on with their line counted in the file. A warning on the window's last line or
     * past it means the text ended inside something the parser was reading (a report whose victim line is to come).
     */
    private static final class DeadlocksOf implements DeadlockSink {
        private final List<Deadlock> found;
        private final Consumer<ParseWarning> onWarning;
        private final String source;
        private final long firstLine;
        private final long lines;
        private long endWarningLine = Long.MAX_VALUE;

        DeadlocksOf(List<Deadlock> found, Consumer<ParseWarning> onWarning, String source, long firstLine, long lines) {
            this.found = found;
            this.onWarning = onWarning;
            this.source = source;
            this.firstLine = firstLine;
            this.lines = lines;
        }

        @Override
        public void deadlock(Deadlock deadlock) {
            found.add(deadlock);
        }

        @Override
        public void warning(ParseWarning warning) {
            if (warning.line() >= lines) {
                endWarningLine = Math.min(endWarningLine, warning.line());
            }
            onWarning.accept(new ParseWarning(source, firstLine + Math.max(1, warning.line()) - 1, warning.text()));
        }

        boolean endedInside() {
            return endWarningLine != Long.MAX_VALUE;
        }

        /** The window line of the first warning on the last line or past it; {@code Long.MAX_VALUE} when none. */
        long endWarningLine() {
            return endWarningLine;
        }
    }
}
