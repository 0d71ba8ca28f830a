package dev.dbrescue.core.deadlock;

import java.util.Random;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Texts for comparing a hand-written scanner with the regular expression it replaced: real texts, real texts
 * damaged at random, and pieces glued at random after a start the scanner looks for.
 */
public final class RandomTexts {

    private final String[] real;
    private final String[] starts;
    private final String[] pieces;

    /**
     * @param real   texts as servers write them
     * @param starts what glued texts begin with (the prefixes the scanner tests first)
     * @param pieces what is inserted, replaced and glued: keywords, numbers, separators, odd characters
     */
    public RandomTexts(String[] real, String[] starts, String[] pieces) {
        this.real = real;
        this.starts = starts;
        this.pieces = pieces;
    }

    /** The scanner and its definition give equal results on the real texts and on {@code count} random ones. */
    public <T> void agree(Function<String, T> scanner, Function<String, T> definition, int count, long seed) {
        Random random = new Random(seed);
        for (String text : real) {
            assertThat(scanner.apply(text)).as("[%s]", text).isEqualTo(definition.apply(text));
        }
        for (int k = 0; k < count; k++) {
            String text = k % 2 == 0 ? damaged(random) : glued(random);
            assertThat(scanner.apply(text)).as("[%s]", text).isEqualTo(definition.apply(text));
        }
    }

    /** A real text with a few pieces inserted, removed or replaced at random places. */
    private String damaged(Random random) {
        StringBuilder s = new StringBuilder(real[random.nextInt(real.length)]);
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            int at = random.nextInt(s.length() + 1);
            String piece = pieces[random.nextInt(pieces.length)];
            switch (random.nextInt(3)) {
                case 0 -> s.insert(at, piece);
                case 1 -> s.delete(at, Math.min(s.length(), at + 1 + random.nextInt(4)));
                default -> s.replace(at, Math.min(s.length(), at + 1 + random.nextInt(3)), piece);
            }
        }
        return s.toString();
    }

    private String glued(Random random) {
        StringBuilder s = new StringBuilder(starts[random.nextInt(starts.length)]);
        for (int i = random.nextInt(14); i > 0; i--) {
            s.append(pieces[random.nextInt(pieces.length)]);
        }
        return s.toString();
    }
}
