package dev.dbrescue.binlog.flashback;

import com.github.luben.zstd.Zstd;
import dev.dbrescue.binlog.BinlogBuilder;
import dev.dbrescue.binlog.Fixtures;
import dev.dbrescue.binlog.event.Gtid;
import dev.dbrescue.binlog.read.BinlogFileReader;
import dev.dbrescue.binlog.read.EventHeader;
import dev.dbrescue.binlog.read.EventTypes;
import dev.dbrescue.binlog.read.RawEvent;
import dev.dbrescue.binlog.tx.StatementKind;
import dev.dbrescue.binlog.tx.Transaction;
import dev.dbrescue.binlog.tx.TransactionListener;
import dev.dbrescue.binlog.tx.TransactionScanner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MySQL's compressed transactions (TRANSACTION_PAYLOAD) without a MySQL server here: the MariaDB fixture rewritten
 * as MySQL 8.0.20+ writes them (each transaction's events after its GTID zstd-compressed together, without
 * checksums, in one event of type 40; header fields per MySQL's Transaction_payload_event). The summary and
 * flashback must read it as they read the original: the same transactions, the same SQL.
 */
class CompressedTransactionsTest {

    @TempDir
    Path dir;

    @Test
    void compressedTransactionsGiveTheSameTransactionsAndTheSameSql() throws Exception {
        Path compressed = compress(Fixtures.small(), dir.resolve("compressed.000001"));
        List<Transaction> plain = transactions(Fixtures.small());
        List<Transaction> packed = transactions(compressed);

        assertThat(packed).hasSameSizeAs(plain);
        for (int i = 0; i < plain.size(); i++) {
            assertThat(packed.get(i).gtid()).isEqualTo(plain.get(i).gtid());
            assertThat(packed.get(i).changes()).isEqualTo(plain.get(i).changes());
        }
        Transaction delete = plain.stream()
                .filter(t -> t.changes().stream().anyMatch(c -> c.kind() == StatementKind.DELETE)).findFirst()
                .orElseThrow();
        assertThat(statements(compressed, delete.gtid(), false)).isEqualTo(statements(Fixtures.small(), delete.gtid(), false))
                .anyMatch(line -> line.startsWith("INSERT INTO"));
        assertThat(statements(compressed, delete.gtid(), true)).isEqualTo(statements(Fixtures.small(), delete.gtid(), true))
                .anyMatch(line -> line.startsWith("DELETE FROM"));
        assertThat(Files.size(compressed)).isLessThan(Files.size(Fixtures.small()));
    }

    private static List<Transaction> transactions(Path file) {
        List<Transaction> out = new ArrayList<>();
        new TransactionScanner(new TransactionListener() {
            @Override
            public void transaction(Transaction transaction) {
                out.add(transaction);
            }
        }).scan(file);
        return out;
    }

    private static List<String> statements(Path file, String gtid, boolean forward) throws Exception {
        FlashbackFilter filter = new FlashbackFilter(null, null, null, null, Set.of(), Set.of(), Set.of(),
                EnumSet.allOf(dev.dbrescue.binlog.rows.RowKind.class), null, gtid);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FlashbackPlan plan = FlashbackPlanner.plan(List.of(file), filter, forward, null)) {
            FlashbackWriter.write(plan, forward, out);
        }
        return out.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("--")).toList();
    }

    /** The fixture with every transaction's events after its GTID event in one compressed payload event. */
    private static Path compress(Path source, Path target) throws Exception {
        BinlogBuilder file = new BinlogBuilder();
        ByteArrayOutputStream inner = null;
        long innerTime = 0;
        try (BinlogFileReader reader = BinlogFileReader.open(source)) {
            RawEvent e;
            while ((e = reader.next()) != null) {
                if (inner != null) {
                    EventHeader h = e.header();
                    inner.write(BinlogBuilder.header(h.timestamp(), h.type(), EventHeader.SIZE + e.body().length, 0,
                            h.flags()));
                    inner.write(e.body());
                    if (e.type() == EventTypes.XID) {
                        file.event(innerTime, 40, payload(inner.toByteArray()), 0);
                        inner = null;
                    }
                    continue;
                }
                file.event(e.header().timestamp(), e.type(), e.body(), e.header().flags());
                if (e.type() == EventTypes.MARIADB_GTID && !Gtid.mariaDb(e.body(), 1).standalone()) {
                    inner = new ByteArrayOutputStream();
                    innerTime = e.header().timestamp();
                }
            }
        }
        return file.writeTo(target);
    }

    private static byte[] payload(byte[] events) {
        byte[] zstd = Zstd.compress(events);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        field(body, 1, zstd.length);          // payload size
        field(body, 2, 0);                    // compression: zstd
        field(body, 3, events.length);        // uncompressed size
        body.write(0);                        // end of the header
        body.writeBytes(zstd);
        return body.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, int type, long value) {
        byte[] packed = BinlogBuilder.packed(value);
        out.write(type);
        out.write(packed.length);
        out.writeBytes(packed);
    }
}
