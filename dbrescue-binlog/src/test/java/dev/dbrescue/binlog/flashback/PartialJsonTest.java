package dev.dbrescue.binlog.flashback;

import dev.dbrescue.binlog.BinlogBuilder;
import dev.dbrescue.binlog.Fixtures;
import dev.dbrescue.binlog.event.Gtid;
import dev.dbrescue.binlog.read.BinlogFileReader;
import dev.dbrescue.binlog.read.EventTypes;
import dev.dbrescue.binlog.read.RawEvent;
import dev.dbrescue.binlog.rows.RowKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MySQL's partial JSON updates (PARTIAL_UPDATE_ROWS, {@code binlog_row_value_options=PARTIAL_JSON}) without a MySQL
 * server here: one event written by hand in the layout of MySQL's {@code Rows_log_event::print_verbose_one_row} and
 * {@code Json_diff_vector} (the after image starts with value options and one partial bit per JSON column; a
 * partial JSON column holds its diffs: operation, path, binary JSON value). The undo sets the before image's whole
 * document back; the forward SQL applies the diff with JSON_REPLACE.
 */
class PartialJsonTest {

    @TempDir
    Path dir;

    /** {@code {"a":false}} in MySQL's binary JSON: a small object of one member whose value is the literal false. */
    private static final String DOC = "00" + "0100" + "0c00" + "0b00" + "0100" + "04" + "0200" + "61";
    /** One diff: REPLACE, path '$.a', value the literal true. */
    private static final String DIFF = "00" + "03" + "242e61" + "02" + "0401";

    @Test
    void aPartialUpdateIsUndoneWithTheWholeBeforeDocumentAndReplayedWithItsDiff() throws Exception {
        Path file = binlogWithAPartialUpdate();

        assertThat(statements(file, false))
                .contains("UPDATE `shop`.`docs` SET `doc`=CAST('{\"a\": false}' AS JSON) WHERE `id`=1 LIMIT 1;");
        assertThat(statements(file, true)).contains("UPDATE `shop`.`docs` SET `doc`=JSON_REPLACE(`doc`, '$.a',"
                + " CAST('true' AS JSON)) WHERE `id`=1 LIMIT 1;");
    }

    private static List<String> statements(Path file, boolean forward) throws Exception {
        FlashbackFilter filter = new FlashbackFilter(null, null, null, null, Set.of(), Set.of(), Set.of(),
                EnumSet.allOf(RowKind.class), null, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FlashbackPlan plan = FlashbackPlanner.plan(List.of(file), filter, forward, null)) {
            assertThat(plan.rows()).isEqualTo(1);
            FlashbackWriter.write(plan, forward, out);
        }
        return out.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("--")).toList();
    }

    /** The fixture's format description, GTID and XID around a hand-made TABLE_MAP and PARTIAL_UPDATE_ROWS. */
    private Path binlogWithAPartialUpdate() throws Exception {
        RawEvent description = null;
        RawEvent gtid = null;
        RawEvent xid = null;
        try (BinlogFileReader reader = BinlogFileReader.open(Fixtures.small())) {
            RawEvent e;
            while ((e = reader.next()) != null) {
                if (e.type() == EventTypes.FORMAT_DESCRIPTION && description == null) {
                    description = e;
                } else if (e.type() == EventTypes.MARIADB_GTID && gtid == null
                        && !Gtid.mariaDb(e.body(), 1).standalone()) {
                    gtid = e;
                } else if (e.type() == EventTypes.XID && xid == null) {
                    xid = e;
                }
            }
        }
        HexFormat hex = HexFormat.of();
        byte[] tableMap = hex.parseHex("500000000000" + "0100"             // table id 80, flags
                + "04" + hex.formatHex("shop".getBytes(StandardCharsets.US_ASCII)) + "00"
                + "04" + hex.formatHex("docs".getBytes(StandardCharsets.US_ASCII)) + "00"
                + "02" + "03f5"                                                // id INT, doc JSON
                + "01" + "04"                                                  // metadata: JSON length bytes 4
                + "02"                                                         // doc nullable
                + "010100"                                                     // SIGNEDNESS: id signed
                + "0407" + "026964" + "03646f63"                               // COLUMN_NAME: id, doc
                + "080100");                                                   // SIMPLE_PRIMARY_KEY: id
        String doc = String.format("%02x000000", DOC.length() / 2) + DOC;
        String diff = String.format("%02x000000", DIFF.length() / 2) + DIFF;
        byte[] rows = hex.parseHex("500000000000" + "0100" + "0200"       // table id, flags, no extra data
                + "02" + "03" + "03"                                           // 2 columns, both in both images
                + "00" + "01000000" + doc                                      // before: id 1, the document
                + "01" + "01"                                                  // after: PARTIAL_JSON_UPDATES, doc partial
                + "00" + "01000000" + diff);                                   // after: id 1, the diff
        return new BinlogBuilder()
                .event(description.header().timestamp(), description.type(), description.body(),
                        description.header().flags())
                .event(gtid.header().timestamp(), gtid.type(), gtid.body(), 0)
                .event(gtid.header().timestamp(), EventTypes.TABLE_MAP, tableMap, 0)
                .event(gtid.header().timestamp(), EventTypes.PARTIAL_UPDATE_ROWS, rows, 0)
                .event(xid.header().timestamp(), xid.type(), xid.body(), 0)
                .writeTo(dir.resolve("partial.000001"));
    }
}
