package dev.dbrescue.core.deadlock.innodb;

import dev.dbrescue.core.deadlock.Deadlock;
import dev.dbrescue.core.deadlock.DeadlockSink;
import dev.dbrescue.core.deadlock.ParseWarning;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the parser delivered for one input, in order. */
record Parsed(List<Deadlock> deadlocks, List<ParseWarning> warnings) {

    static Parsed text(String text) {
        return read(new StringReader(text), "test");
    }

    static Parsed file(Path file) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file under src/test/resources. */
    static Parsed resource(String name) {
        return text(resourceText(name));
    }

    static String resourceText(String name) {
        try (InputStream in = Parsed.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("test resource missing: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Parsed read(Reader in, String source) {
        List<Deadlock> deadlocks = new ArrayList<>();
        List<ParseWarning> warnings = new ArrayList<>();
        try {
            new InnoDbDeadlockParser().parse(in, source, new DeadlockSink() {
                @Override
                public void deadlock(Deadlock deadlock) {
                    deadlocks.add(deadlock);
                }

                @Override
                public void warning(ParseWarning warning) {
                    warnings.add(warning);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Parsed(deadlocks, warnings);
    }

    Deadlock only() {
        if (deadlocks.size() != 1) {
            throw new AssertionError("expected one deadlock, got " + deadlocks.size() + "; warnings: " + warnings);
        }
        return deadlocks.get(0);
    }
}
