package dev.dbrescue.bench;

import java.io.IOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import java.util.function.LongUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A piece of a real log, cut once into literal text and variable fields (times, thread ids, transaction ids), so
 * that copy {@code k} can be written quickly with every field moved on by {@code k} steps: each copy is then a
 * distinct deadlock (own time, threads, transactions) while every other character is the server's.
 */
final class LogTemplate {

    /** What a copy does to one kind of field: times move by a step, ids (thread, transaction, query) by an offset. */
    sealed interface Field permits Time, Id {
    }

    /** A time printed with {@code pattern}; copy k adds {@code k * stepMillis}. */
    record Time(DateTimeFormatter pattern, long stepMillis) implements Field {
    }

    /** A decimal id; copy k adds {@code offset(k)}; only values {@code accepts} are fields (the rest stay literal). */
    record Id(String name, LongUnaryOperator offset, LongPredicate accepts) implements Field {
        /** A thread id (MySQL) or pid (PostgreSQL): the victim of each deadlock is one. */
        static Id thread(LongUnaryOperator offset) {
            return new Id("thread", offset, v -> true);
        }

        static Id plain(String name, LongUnaryOperator offset) {
            return new Id(name, offset, v -> true);
        }
    }

    /** Where a field is found: capture group 1 of {@code pattern} (multi-line mode). */
    record Rule(Pattern pattern, Field field) {
        static Rule of(String regex, Field field) {
            return new Rule(Pattern.compile(regex, Pattern.MULTILINE), field);
        }
    }

    /** One piece of the template: literal text, or a field with its value in the original. */
    private record Piece(String literal, Field field, String original, long value) {
    }

    private final List<Piece> pieces;

    private LogTemplate(List<Piece> pieces) {
        this.pieces = pieces;
    }

    /** Cuts {@code text} at every match of the rules; overlapping matches are a mistake in the rules. */
    static LogTemplate of(String text, List<Rule> rules) {
        record Hit(int start, int end, Field field, String original) {
        }
        List<Hit> hits = new ArrayList<>();
        for (Rule rule : rules) {
            Matcher m = rule.pattern().matcher(text);
            while (m.find()) {
                String value = m.group(1);
                if (rule.field() instanceof Id n && !n.accepts().test(Long.parseLong(value))) {
                    continue;
                }
                hits.add(new Hit(m.start(1), m.end(1), rule.field(), value));
            }
        }
        hits.sort(Comparator.comparingInt(Hit::start));
        List<Piece> pieces = new ArrayList<>();
        int at = 0;
        for (Hit hit : hits) {
            if (hit.start() < at) {
                throw new IllegalStateException("template rules overlap at character " + hit.start());
            }
            pieces.add(new Piece(text.substring(at, hit.start()), null, null, 0));
            long value = hit.field() instanceof Id ? Long.parseLong(hit.original()) : 0;
            pieces.add(new Piece(null, hit.field(), hit.original(), value));
            at = hit.end();
        }
        pieces.add(new Piece(text.substring(at), null, null, 0));
        return new LogTemplate(List.copyOf(pieces));
    }

    /** How many fields were found, per kind name (times under "time"): to check the rules found what they should. */
    Map<String, Integer> fieldCounts() {
        Map<String, Integer> counts = new HashMap<>();
        for (Piece p : pieces) {
            if (p.field() != null) {
                counts.merge(p.field() instanceof Id n ? n.name() : "time", 1, Integer::sum);
            }
        }
        return counts;
    }

    /** Writes copy {@code k}; copy 0 is the original text. */
    void render(long k, Appendable out) throws IOException {
        Map<String, String> times = new HashMap<>();
        for (Piece p : pieces) {
            if (p.field() == null) {
                out.append(p.literal());
            } else if (p.field() instanceof Id n) {
                out.append(Long.toString(p.value() + n.offset().applyAsLong(k)));
            } else {
                Time t = (Time) p.field();
                out.append(times.computeIfAbsent(p.original(), original -> LocalDateTime.parse(original, t.pattern())
                        .plusNanos(k * t.stepMillis() * 1_000_000L).format(t.pattern())));
            }
        }
    }

    String render(long k) {
        StringBuilder sb = new StringBuilder();
        try {
            render(k, sb);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return sb.toString();
    }
}
