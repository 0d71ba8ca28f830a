package dev.dbrescue.binlog.flashback;

import dev.dbrescue.binlog.rows.RowKind;
import dev.dbrescue.binlog.tx.Transaction;
import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The first pass's index of what to read back, kept on disk so that its size does not depend on the range: one
 * 40-byte record per rows event (where it is, its table, its kind) and one record per selected transaction (what
 * the comments and the audit log say about it, and which events are its). Memory is three 64 KB buffers; a range of
 * ten million transactions costs disk, not heap. Deleted on {@link #close()}.
 */
final class SelectionIndex implements AutoCloseable {

    static final int EVENT_BYTES = 40;
    private static final int BUFFER = 1 << 16;
    private static final RowKind[] KINDS = RowKind.values();

    private final Path directory;
    private final FileChannel events;
    private final FileChannel transactions;
    private final FileChannel offsets;
    private final ByteBuffer eventBuffer = ByteBuffer.allocate(BUFFER);
    private final ByteBuffer transactionBuffer = ByteBuffer.allocate(BUFFER);
    private final ByteBuffer offsetBuffer = ByteBuffer.allocate(BUFFER);
    private long eventCount;
    private long eventsFlushed;
    private long transactionBytes;
    private int transactionCount;

    SelectionIndex() {
        try {
            directory = Files.createTempDirectory("dbrescue-flashback-");
            events = open(directory.resolve("events"));
            transactions = open(directory.resolve("transactions"));
            offsets = open(directory.resolve("offsets"));
        } catch (IOException e) {
            throw failed(e);
        }
    }

    private static FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** The number of events recorded: where the next transaction's events begin. */
    long mark() {
        return eventCount;
    }

    /**
     * @param innerOffset for a rows event inside a MySQL compressed transaction, its place in the decompressed
     *                    payload (and {@code offset}, {@code length} the payload event's); -1 otherwise
     */
    void addEvent(int file, long offset, int length, int table, RowKind kind, long innerOffset, int innerLength) {
        if (eventBuffer.remaining() < EVENT_BYTES) {
            flushEvents();
        }
        eventBuffer.putLong(offset).putInt(length).putInt(file).putInt(table).putInt(kind.ordinal())
                .putLong(innerOffset).putInt(innerLength).putInt(0);
        eventCount++;
    }

    /** Forgets the events recorded since {@code mark} (a transaction the filters did not select). */
    void discardSince(long mark) {
        if (mark >= eventsFlushed) {
            eventBuffer.position((int) ((mark - eventsFlushed) * EVENT_BYTES));
        } else {
            eventBuffer.clear();
            eventsFlushed = mark;
        }
        eventCount = mark;
    }

    void addTransaction(SelectedTransaction selected) {
        Transaction tx = selected.transaction();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(tx.sequence());
            out.writeUTF(tx.file());
            out.writeLong(tx.start());
            out.writeLong(tx.end());
            out.writeLong(tx.time());
            writeNullable(out, tx.gtid());
            out.writeLong(tx.threadId() == null ? -1 : tx.threadId());
            writeNullable(out, tx.statement());
            out.writeLong(selected.rows());
            out.writeLong(selected.firstEvent());
            out.writeInt(selected.eventCount());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] record = bytes.toByteArray();
        if (offsetBuffer.remaining() < 8) {
            write(offsets, offsetBuffer);
        }
        offsetBuffer.putLong(transactionBytes);
        ByteBuffer whole = ByteBuffer.allocate(4 + record.length).putInt(record.length).put(record).flip();
        if (transactionBuffer.remaining() < whole.remaining()) {
            write(transactions, transactionBuffer);
        }
        if (whole.remaining() > transactionBuffer.capacity()) {
            writeFully(transactions, whole);
        } else {
            transactionBuffer.put(whole);
        }
        transactionBytes += 4 + record.length;
        transactionCount++;
    }

    /** Ends the writing: everything recorded is on disk and can be read. */
    void finish() {
        flushEvents();
        write(transactions, transactionBuffer);
        write(offsets, offsetBuffer);
    }

    int size() {
        return transactionCount;
    }

    SelectedTransaction transaction(int index) {
        ByteBuffer offset = read(offsets, (long) index * 8, 8);
        long at = offset.getLong();
        int length = read(transactions, at, 4).getInt();
        ByteBuffer record = read(transactions, at + 4, length);
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(record.array()))) {
            long sequence = in.readLong();
            String file = in.readUTF();
            long start = in.readLong();
            long end = in.readLong();
            long time = in.readLong();
            String gtid = readNullable(in);
            long thread = in.readLong();
            String statement = readNullable(in);
            long rows = in.readLong();
            long firstEvent = in.readLong();
            int count = in.readInt();
            Transaction tx = new Transaction(sequence, file, start, end, time, gtid, null, thread < 0 ? null : thread,
                    List.of(), statement, true);
            return new SelectedTransaction(tx, rows, firstEvent, count);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Receives the events of a transaction, one at a time. */
    interface EventVisitor {
        void event(int file, long offset, int length, int table, RowKind kind, long innerOffset, int innerLength)
                throws IOException;
    }

    /** Reads a transaction's events back, in log order or newest first, a block at a time. */
    void events(SelectedTransaction selected, boolean newestFirst, EventVisitor visitor) throws IOException {
        long first = selected.firstEvent();
        long count = selected.eventCount();
        int perBlock = BUFFER / EVENT_BYTES;
        for (long done = 0; done < count; ) {
            int n = (int) Math.min(perBlock, count - done);
            long blockStart = newestFirst ? first + count - done - n : first + done;
            ByteBuffer block = read(events, blockStart * EVENT_BYTES, n * EVENT_BYTES);
            for (int k = 0; k < n; k++) {
                int i = newestFirst ? n - 1 - k : k;
                block.position(i * EVENT_BYTES);
                long offset = block.getLong();
                int length = block.getInt();
                int file = block.getInt();
                int table = block.getInt();
                RowKind kind = KINDS[block.getInt()];
                long innerOffset = block.getLong();
                int innerLength = block.getInt();
                visitor.event(file, offset, length, table, kind, innerOffset, innerLength);
            }
            done += n;
        }
    }

    @Override
    public void close() {
        for (FileChannel channel : List.of(events, transactions, offsets)) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // a temporary file: deleted below
            }
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(directory);
        } catch (IOException ignored) {
            // left in the temporary directory: nothing of the user's
        }
    }

    private void flushEvents() {
        try {
            events.position(eventsFlushed * EVENT_BYTES);
        } catch (IOException e) {
            throw failed(e);
        }
        eventsFlushed += eventBuffer.position() / EVENT_BYTES;
        write(events, eventBuffer);
    }

    private static void write(FileChannel channel, ByteBuffer buffer) {
        buffer.flip();
        writeFully(channel, buffer);
        buffer.clear();
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) {
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw failed(e);
        }
    }

    private static ByteBuffer read(FileChannel channel, long at, int length) {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        try {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, at + buffer.position()) < 0) {
                    throw new IOException("the flashback index ends early");
                }
            }
        } catch (IOException e) {
            throw failed(e);
        }
        return buffer.flip();
    }

    /**
     * The index (and a compressed transaction's spill) live in the temporary directory: a full or unwritable one is
     * the user's to fix, said in one line.
     */
    static DbRescueException failed(IOException e) {
        return new DbRescueException(ErrorCode.ACTION_FAILED, "cannot write flashback's temporary files in "
                + System.getProperty("java.io.tmpdir") + " (" + e.getMessage() + "): free space there, or choose"
                + " another directory with DBRESCUE_JAVA_OPTS=-Djava.io.tmpdir=DIR", e);
    }

    private static void writeNullable(DataOutputStream out, String text) throws IOException {
        out.writeBoolean(text != null);
        if (text != null) {
            out.writeUTF(text);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
