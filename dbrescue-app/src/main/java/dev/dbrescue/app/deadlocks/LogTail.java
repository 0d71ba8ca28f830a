package dev.dbrescue.app.deadlocks;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * Follows a log file as {@code tail -F} does: hands over what was appended since the last read, in complete lines,
 * and follows rotation. A file replaced under the same name (FLUSH ERROR LOGS after a rename, logrotate's create) or
 * a new name (PostgreSQL's logging collector) is first read to its end through the still-open old file, then the
 * new one from its beginning; a file that shrank (copytruncate) is read again from its beginning.
 */
final class LogTail implements Closeable {

    /** What one read hands over; the consumer sees a file's text in order, in pieces of at most {@link #CHUNK} bytes. */
    interface Consumer {
        /** Reading of a file begins at byte {@code offset} (0: its beginning). Whatever came before is complete. */
        void begin(Path file, long offset) throws IOException;

        /** Complete lines appended to the file. */
        void lines(String text) throws IOException;
    }

    /** Bytes handed over at once: bounded memory however far behind the reader is. */
    static final int CHUNK = 1 << 20;

    /**
     * A file changed this recently may be in the middle of a report: the reader waits until it has been quiet this
     * long (at most {@link #MAX_SETTLE_MS}). Servers write one deadlock report within milliseconds.
     */
    static final long QUIET_MS = 200;
    static final long MAX_SETTLE_MS = 1000;

    private Path path;
    private FileChannel channel;
    private Object fileKey;
    private long position;
    /** After the first file, every file is new to us: read from its beginning. */
    private boolean started;

    /**
     * Reads what {@code current} gained since the last call. On the first call reading starts at the end of the
     * file, or at its beginning when {@code fromStart}.
     *
     * @param everything also hand over a last line that has no newline yet (the caller reads once and exits)
     */
    void read(Path current, boolean fromStart, boolean everything, Consumer consumer) throws IOException {
        if (channel == null) {
            open(current, fromStart || started, consumer);
        } else if (!current.equals(path) || replaced(current)) {
            drain(consumer, true);
            close();
            open(current, true, consumer);
        } else if (channel.size() < position) {
            // Truncated in place (logrotate copytruncate): what was written between our last read and the truncation
            // is gone; everything since is at the beginning.
            position = 0;
            consumer.begin(path, 0);
        }
        if (channel != null) {
            if (!everything) {
                settle();
            }
            drain(consumer, everything);
        }
    }

    /** The file being read, or null before the first read. */
    Path path() {
        return path;
    }

    private void open(Path file, boolean fromStart, Consumer consumer) throws IOException {
        started = true; // a file that appears later holds only news
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            // Between a rotation's rename and the server's reopening there may be no file: next time.
            return;
        }
        path = file;
        fileKey = key(file);
        position = fromStart ? 0 : channel.size();
        consumer.begin(file, position);
    }

    /** True when the name now belongs to another file than the one open (same path, new inode). */
    private boolean replaced(Path current) {
        Object now = key(current);
        return now != null && fileKey != null && !Objects.equals(now, fileKey);
    }

    private static Object key(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private void settle() {
        long deadline = System.currentTimeMillis() + MAX_SETTLE_MS;
        try {
            while (System.currentTimeMillis() < deadline) {
                long age = System.currentTimeMillis() - Files.getLastModifiedTime(path).toMillis();
                if (age >= QUIET_MS) {
                    return;
                }
                Thread.sleep(Math.max(10, QUIET_MS - age));
            }
        } catch (IOException gone) {
            // rotated away meanwhile: read what the open file has
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Hands over complete lines up to the file's current end; with {@code everything} the last partial one too. */
    private void drain(Consumer consumer, boolean everything) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        while (true) {
            long size = channel.size();
            if (position >= size) {
                return;
            }
            buffer.clear();
            buffer.limit((int) Math.min(CHUNK, size - position));
            int n = channel.read(buffer, position);
            if (n <= 0) {
                return;
            }
            int take = lastNewline(buffer.array(), n) + 1;
            if (take == 0) {
                if (!everything && n < CHUNK) {
                    return; // a line still being written: next time
                }
                take = n; // a line longer than a chunk, or the end of a file being abandoned
            }
            consumer.lines(decoder().decode(ByteBuffer.wrap(buffer.array(), 0, take)).toString());
            position += take;
        }
    }

    private static int lastNewline(byte[] bytes, int length) {
        for (int i = length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Logs mix encodings (statements in latin1, binary keys): replace what is not UTF-8 instead of failing. */
    private static CharsetDecoder decoder() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}
