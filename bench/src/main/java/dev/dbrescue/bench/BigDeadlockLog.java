package dev.dbrescue.bench;

import dev.dbrescue.core.deadlock.DeadlockFormats;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;

/**
 * A big log made of copies of a captured one (see {@link DeadlockLogSource}), written once and kept under
 * {@code bench/target/deadlock-logs/} with a {@code .properties} beside it that says what a parser must find in it.
 * The file is rewritten when the captured log, the copy rules ({@link #VERSION}) or the size change.
 * <p>
 * Bytes are copied as they are (ISO-8859-1 in and out): the captured logs are ASCII, and the size in bytes is then
 * the size in characters.
 */
final class BigDeadlockLog {

    /** Bump when the copy rules change, so that cached files are written again. */
    static final int VERSION = 2;

    /** What the parser must deliver for the whole file. */
    record Expected(long copies, long deadlocks, long lockWaits, long warnings, long victimSum, long victimsUnknown) {
    }

    record Generated(Path file, long bytes, Expected expected) {
        double megabytes() {
            return bytes / 1e6;
        }
    }

    private BigDeadlockLog() {
    }

    /** The file of about {@code targetBytes} for {@code source}, from the cache or written now. */
    static Generated ensure(DeadlockLogSource source, Path repositoryRoot, Path dir, long targetBytes, boolean quiet)
            throws IOException {
        DeadlockLogSource.Parts parts = source.read(repositoryRoot);
        String fixtureSha = sha256(parts.captured());
        Files.createDirectories(dir);
        Path file = dir.resolve(source.name() + "-" + (targetBytes / 1_000_000) + "mb.log");
        Path metaFile = dir.resolve(file.getFileName() + ".properties");
        if (Files.exists(file) && Files.exists(metaFile)) {
            Properties meta = new Properties();
            try (Reader r = Files.newBufferedReader(metaFile, StandardCharsets.ISO_8859_1)) {
                meta.load(r);
            }
            if (String.valueOf(VERSION).equals(meta.getProperty("version"))
                    && fixtureSha.equals(meta.getProperty("fixtureSha256"))
                    && String.valueOf(targetBytes).equals(meta.getProperty("targetBytes"))
                    && String.valueOf(Files.size(file)).equals(meta.getProperty("bytes"))) {
                if (!quiet) {
                    System.out.println("cached: " + file + " (" + meta.getProperty("bytes") + " bytes, "
                            + meta.getProperty("copies") + " copies)");
                }
                return new Generated(file, Long.parseLong(meta.getProperty("bytes")), new Expected(
                        Long.parseLong(meta.getProperty("copies")), Long.parseLong(meta.getProperty("deadlocks")),
                        Long.parseLong(meta.getProperty("lockWaits")), Long.parseLong(meta.getProperty("warnings")),
                        Long.parseLong(meta.getProperty("victimSum")),
                        Long.parseLong(meta.getProperty("victimsUnknown"))));
            }
        }
        CopyCheck perCopy = checkCopies(source, parts);
        long started = System.nanoTime();
        Path partial = dir.resolve(file.getFileName() + ".partial");
        long copies = 0;
        long bytes;
        try (CountingWriter out = new CountingWriter(new BufferedWriter(new OutputStreamWriter(
                Files.newOutputStream(partial), StandardCharsets.ISO_8859_1), 1 << 20))) {
            out.append(parts.head());
            while (out.count < targetBytes) {
                parts.body().render(copies, out);
                copies++;
            }
            bytes = out.count;
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        long victimSum = 0;
        for (long k = 0; k < copies; k++) {
            victimSum += perCopy.victimSum() + perCopy.victimsKnown() * source.threadOffset().applyAsLong(k);
        }
        Expected expected = new Expected(copies, copies * source.deadlocksPerCopy(), copies * source.lockWaitsPerCopy(),
                copies * source.warningsPerCopy(), victimSum, copies * perCopy.victimsUnknown());
        Properties meta = new Properties();
        meta.setProperty("version", String.valueOf(VERSION));
        meta.setProperty("fixture", source.fixture());
        meta.setProperty("fixtureSha256", fixtureSha);
        meta.setProperty("targetBytes", String.valueOf(targetBytes));
        meta.setProperty("bytes", String.valueOf(bytes));
        meta.setProperty("copies", String.valueOf(copies));
        meta.setProperty("deadlocks", String.valueOf(expected.deadlocks()));
        meta.setProperty("lockWaits", String.valueOf(expected.lockWaits()));
        meta.setProperty("warnings", String.valueOf(expected.warnings()));
        meta.setProperty("victimSum", String.valueOf(expected.victimSum()));
        meta.setProperty("victimsUnknown", String.valueOf(expected.victimsUnknown()));
        try (Writer w = Files.newBufferedWriter(metaFile, StandardCharsets.ISO_8859_1)) {
            meta.store(w, "what dbrescue must find in " + file.getFileName() + " (bench/README.md)");
        }
        if (!quiet) {
            System.out.printf(java.util.Locale.ROOT, "generated: %s (%d bytes, %d copies, %d deadlocks) in %.1f s%n",
                    file, bytes, copies, expected.deadlocks(), (System.nanoTime() - started) / 1e9);
        }
        return new Generated(file, bytes, expected);
    }

    /** One copy's victims, as the parser reads them in copy 0. */
    private record CopyCheck(long victimSum, long victimsKnown, long victimsUnknown) {
    }

    /**
     * Before writing a gigabyte, checks on a few copies that they are what the benchmark claims: copy 0 is the
     * captured log byte for byte, and in copies 0, 1, 2 and 1000 the parser finds the deadlocks and lock waits of the
     * captured log, with its warnings and no other, each victim moved by exactly that copy's thread offset.
     */
    private static CopyCheck checkCopies(DeadlockLogSource source, DeadlockLogSource.Parts parts) throws IOException {
        if (!(parts.head() + parts.body().render(0)).equals(parts.captured())) {
            throw new IllegalStateException("copy 0 of " + source.fixture() + " is not the captured log itself");
        }
        CountingSink first = null;
        for (long k : new long[] {0, 1, 2, 1000}) {
            CountingSink sink = new CountingSink();
            DeadlockFormats.parse(new StringReader(parts.head() + parts.body().render(k)), "copy-" + k, sink);
            if (sink.deadlocks != source.deadlocksPerCopy() || sink.lockWaits != source.lockWaitsPerCopy()
                    || sink.warnings != source.warningsPerCopy()) {
                throw new IllegalStateException("copy " + k + " of " + source.fixture() + ": " + sink.deadlocks
                        + " deadlocks, " + sink.lockWaits + " lock waits, " + sink.warnings + " warnings "
                        + sink.firstWarnings + "; expected " + source.deadlocksPerCopy() + ", "
                        + source.lockWaitsPerCopy() + ", " + source.warningsPerCopy());
            }
            if (first == null) {
                first = sink;
            } else {
                long known = first.deadlocks - first.victimsUnknown;
                long expected = first.victimSum + known * source.threadOffset().applyAsLong(k);
                if (sink.victimSum != expected || sink.victimsUnknown != first.victimsUnknown) {
                    throw new IllegalStateException("copy " + k + " of " + source.fixture()
                            + ": victims' thread id sum " + sink.victimSum + ", expected " + expected);
                }
            }
        }
        return new CopyCheck(first.victimSum, first.deadlocks - first.victimsUnknown, first.victimsUnknown);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.ISO_8859_1)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Counts the characters (= bytes, ISO-8859-1) written through it. */
    private static final class CountingWriter extends Writer {
        private final Writer out;
        long count;

        CountingWriter(Writer out) {
            this.out = out;
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            out.write(cbuf, off, len);
            count += len;
        }

        @Override
        public void write(String str, int off, int len) throws IOException {
            out.write(str, off, len);
            count += len;
        }

        @Override
        public Writer append(CharSequence csq) throws IOException {
            String s = csq.toString();
            write(s, 0, s.length());
            return this;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
