package dev.dbrescue.core.deadlock.postgres;

import dev.dbrescue.core.deadlock.ParseWarning;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads stderr-format logs (also syslog files and Heroku logplex drains) and puts each message back together.
 * <p>
 * PostgreSQL writes a message as one line per field, each with the log_line_prefix and a label followed by two
 * spaces ({@code ERROR:  }, {@code DETAIL:  }, {@code STATEMENT:  }); a field's further lines start with a tab
 * (elog.c {@code append_with_tabs}). In stderr a whole message is written at once, so a new message line closes the
 * ones before it. Syslog and Heroku send every line on its own with a {@code [message-line]} number: lines of two
 * processes can interleave there, so fields are matched to messages by the pid in the prefix and a message is
 * closed when its process logs again or {@value #STALE_LINES} lines later.
 * <p>
 * Only messages the sink {@link LogEntrySink#wants wants} are kept; at most {@value #MAX_PENDING} are open at once.
 * Not supported: a prefix starting with white space (its lines look like continuation lines), translated labels
 * (lc_messages other than English).
 */
final class StderrLogReader {

    /** Longest field kept, in characters. */
    static final int MAX_FIELD = 1 << 20;
    private static final int STALE_LINES = 16;
    private static final int MAX_PENDING = 256;
    private static final int LABEL_SEARCH_LIMIT = 4096;
    private static final Set<String> MESSAGE_LABELS = Set.of("LOG", "ERROR", "WARNING", "FATAL", "PANIC",
            "NOTICE", "INFO", "DEBUG", "DEBUG1", "DEBUG2", "DEBUG3", "DEBUG4", "DEBUG5");
    /** Every label, message and field ones, by length, for {@link #label}. */
    private static final String[][] LABELS_BY_LENGTH = new String[10][];

    static {
        List<String> labels = new ArrayList<>(MESSAGE_LABELS);
        labels.addAll(List.of("DETAIL", "HINT", "CONTEXT", "STATEMENT", "QUERY", "LOCATION"));
        for (int length = 0; length < LABELS_BY_LENGTH.length; length++) {
            int n = length;
            LABELS_BY_LENGTH[length] = labels.stream().filter(l -> l.length() == n).toArray(String[]::new);
        }
    }
    /** elog.c appends the error position to the message: {@code ... after 1000.153 ms at character 15}. */
    private static final Pattern CURSOR_POSITION = Pattern.compile(" at character \\d+$");
    private static final Object NO_PID = new Object();

    private final String source;
    private final LogEntrySink sink;
    private final Map<Object, Pending> pending = new LinkedHashMap<>();
    private final Pending skip = new Pending(0, null, "", "", "");
    private Pending lastTarget = skip;
    private Pending lastMessage = skip;
    private boolean interleaving;

    StderrLogReader(String source, LogEntrySink sink) {
        this.source = source;
        this.sink = sink;
    }

    void read(LogInput input) throws IOException {
        for (String line = input.readLine(); line != null; line = input.readLine()) {
            long number = input.lineNumber();
            if (input.lastLineTruncated()) {
                sink.warning(new ParseWarning(source, number,
                        "line longer than " + LogInput.MAX_LINE + " characters; the rest was skipped"));
            }
            accept(line, number);
        }
        flushAll();
    }

    private void accept(String line, long number) {
        if (line.isEmpty()) {
            return;
        }
        char first = line.charAt(0);
        if (first == '\t') {
            lastTarget.append(line.substring(1), true, number);
            return;
        }
        if (first == ' ') {
            lastTarget.append(line, true, number);
            return;
        }
        int labelStart = labelStart(line);
        if (labelStart < 0) {
            continuation(line, number);
            return;
        }
        int colon = line.indexOf(':', labelStart);
        String label = label(line, labelStart, colon);
        String prefix = line.substring(0, labelStart);
        String content = line.substring(colon + 3);
        if (MESSAGE_LABELS.contains(label)) {
            message(prefix, label, content, number);
        } else {
            field(prefix, label, content, number);
        }
    }

    private void message(String prefix, String severity, String content, long number) {
        String text = startsWithSqlState(content) ? content.substring(7) : content;
        boolean wanted = sink.wants(text);
        if (!wanted && pending.isEmpty()) {
            lastTarget = lastMessage = skip;
            return;
        }
        Long pid = LinePrefix.pid(prefix);
        if (!interleaving && pid != null && LinePrefix.interleaves(prefix)) {
            interleaving = true;
        }
        Object key = pid == null ? NO_PID : pid;
        if (interleaving) {
            flush(key);
            flushStale(number);
        } else {
            flushAll();
        }
        if (!wanted) {
            lastTarget = lastMessage = skip;
            return;
        }
        Pending message = new Pending(number, pid, prefix, severity, text);
        pending.put(key, message);
        lastTarget = lastMessage = message;
        if (pending.size() > MAX_PENDING) {
            flush(pending.keySet().iterator().next());
        }
    }

    private void field(String prefix, String label, String content, long number) {
        if (pending.isEmpty()) {
            lastTarget = skip;
            return;
        }
        Pending target = lastMessage; // stderr writes a message whole: its fields follow it
        if (interleaving) {
            Long pid = LinePrefix.pid(prefix);
            target = pid == null ? lastMessage : pending.getOrDefault(pid, skip);
        }
        target.startField(label, content, number);
        lastTarget = target;
    }

    /**
     * A line with no label and no leading white space: a syslog/Heroku continuation line, else not PostgreSQL's
     * (its own continuation lines always start with a tab): a warning, and the message goes on after it.
     */
    private void continuation(String line, long number) {
        int start = LinePrefix.continuationStart(line, LABEL_SEARCH_LIMIT);
        if (start < 0) {
            sink.warning(new ParseWarning(source, number, "not a PostgreSQL log line: "
                    + (line.length() > 80 ? line.substring(0, 80) + "..." : line)));
            return;
        }
        Long pid = LinePrefix.pid(line.substring(0, start));
        Pending target = pid == null ? lastTarget : pending.getOrDefault(pid, skip);
        String text = line.substring(start);
        if (text.startsWith("\t")) {
            target.append(text.substring(1), true, number);
        } else if (text.startsWith("#011")) {
            // rsyslog writes control characters as #ooo (its $EscapeControlCharactersOnReceive default)
            target.append(text.substring(4), true, number);
        } else {
            // write_syslog cuts lines longer than PG_SYSLOG_LIMIT into numbered chunks: glue them back
            target.append(text, false, number);
        }
        lastTarget = target;
    }

    /**
     * Where the label ({@code LOG}, {@code DETAIL}, ...) of a prefixed line starts, or -1: the first upper-case
     * word followed by a colon and two spaces, with no tab before it (a tab means continuation text).
     */
    private static int labelStart(String line) {
        int limit = Math.min(line.length(), LABEL_SEARCH_LIMIT);
        for (int from = 0; ; ) {
            int colon = line.indexOf(":  ", from);
            if (colon < 0 || colon > limit) {
                return -1;
            }
            int start = colon;
            while (start > 0 && isLabelChar(line.charAt(start - 1))) {
                start--;
            }
            if (start < colon && (start == 0 || !Character.isLetterOrDigit(line.charAt(start - 1)))
                    && label(line, start, colon) != null) {
                int tab = line.indexOf('\t');
                int escapedTab = line.indexOf("#011");
                return (tab < 0 || tab >= start) && (escapedTab < 0 || escapedTab + 4 > start) ? start : -1;
            }
            from = colon + 1;
        }
    }

    /** The label that the characters {@code start} to {@code end} of the line spell, or null. */
    private static String label(String line, int start, int end) {
        int length = end - start;
        if (length >= LABELS_BY_LENGTH.length) {
            return null;
        }
        for (String label : LABELS_BY_LENGTH[length]) {
            if (line.startsWith(label, start)) {
                return label;
            }
        }
        return null;
    }

    /**
     * log_error_verbosity=verbose puts the SQLSTATE first: {@code ERROR:  40P01: deadlock detected}; the message
     * starts with {@code [0-9A-Z]{5}: }.
     */
    static boolean startsWithSqlState(String content) {
        if (content.length() < 7 || content.charAt(5) != ':' || content.charAt(6) != ' ') {
            return false;
        }
        for (int i = 0; i < 5; i++) {
            char c = content.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLabelChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private void flush(Object key) {
        Pending message = pending.remove(key);
        if (message != null) {
            emit(message);
        }
    }

    private void flushStale(long number) {
        List<Pending> stale = new ArrayList<>();
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
            Pending message = it.next();
            if (message.lastLine < number - STALE_LINES) {
                it.remove();
                stale.add(message);
            }
        }
        stale.forEach(this::emit);
    }

    private void flushAll() {
        List<Pending> all = new ArrayList<>(pending.values());
        pending.clear();
        all.sort((a, b) -> Long.compare(a.line, b.line));
        all.forEach(this::emit);
    }

    private void emit(Pending message) {
        if (message.truncated) {
            sink.warning(new ParseWarning(source, message.line,
                    "message longer than " + MAX_FIELD + " characters in a field; the rest was skipped"));
        }
        String text = message.message.indexOf(" at character ") < 0 ? message.message.toString()
                : CURSOR_POSITION.matcher(message.message).replaceFirst("");
        sink.entry(new LogEntry(message.line, LogTime.find(message.prefix), message.pid,
                LinePrefix.user(message.prefix), LinePrefix.host(message.prefix), null, message.severity, text,
                text(message.detail), text(message.hint), text(message.context), text(message.statement)));
    }

    private static String text(StringBuilder field) {
        return field == null ? null : field.toString();
    }

    /** A message being put together; the instance {@code skip} swallows the lines of unwanted messages. */
    private final class Pending {
        final long line;
        final Long pid;
        final String prefix;
        final String severity;
        final StringBuilder message;
        StringBuilder detail;
        StringBuilder hint;
        StringBuilder context;
        StringBuilder statement;
        StringBuilder current;
        long lastLine;
        boolean truncated;

        Pending(long line, Long pid, String prefix, String severity, String text) {
            this.line = line;
            this.pid = pid;
            this.prefix = prefix;
            this.severity = severity;
            this.message = new StringBuilder(text);
            this.current = message;
            this.lastLine = line;
        }

        void startField(String label, String content, long number) {
            if (this == skip) {
                return;
            }
            lastLine = number;
            current = switch (label) {
                case "DETAIL" -> detail = new StringBuilder();
                case "HINT" -> hint = new StringBuilder();
                case "CONTEXT" -> context = new StringBuilder();
                case "STATEMENT" -> statement = new StringBuilder();
                default -> null; // QUERY, LOCATION: not used
            };
            append(content, false, number);
        }

        void append(String text, boolean newLine, long number) {
            if (this == skip || current == null) {
                return;
            }
            lastLine = number;
            int room = MAX_FIELD - current.length();
            if (room < text.length() + 1) {
                truncated = true;
                return;
            }
            if (newLine) {
                current.append('\n');
            }
            current.append(text);
        }
    }
}
