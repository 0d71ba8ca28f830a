package dev.dbrescue.binlog.rows;

import dev.dbrescue.binlog.event.TableMap;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RowsEventTest {

    /** users (id INT, name VARCHAR(10), email VARCHAR(20)) as a TABLE_MAP gives it. */
    private static final TableMap USERS = new TableMap(18, "shop", "users", new byte[]{3, 15, 15},
            new int[]{0, 40, 80}, null);

    private static byte[] deleteOfTwoRows(int bitmap, int nulls) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[]{18, 0, 0, 0, 0, 0, 1, 0}); // table id, flags
        b.write(3);                                        // columns
        b.write(bitmap);                                   // columns present
        b.write(nulls);
        b.writeBytes(new byte[]{1, 0, 0, 0, 2, 'a', 'b', 3, 'x', '@', 'y'});
        b.write(nulls | 0x04);                             // second row: email NULL
        b.writeBytes(new byte[]{2, 0, 0, 0, 1, 'c'});
        return b.toByteArray();
    }

    @Test
    void walksEachRowAndGivesItsByteRange() {
        byte[] body = deleteOfTwoRows(0x07, 0x00);
        RowsEvent event = RowsEvent.parse(25, body);
        List<int[]> ranges = new ArrayList<>();

        long rows = event.walk(body, USERS, (start, end) -> ranges.add(new int[]{start, end}));

        assertThat(rows).isEqualTo(2);
        assertThat(event.kind()).isEqualTo(RowKind.DELETE);
        assertThat(event.fullImage()).isTrue();
        assertThat(ranges.get(0)).containsExactly(10, 22);
        assertThat(ranges.get(1)).containsExactly(22, body.length);
        assertThat(new String(body, 16, 2, StandardCharsets.US_ASCII)).isEqualTo("ab");
    }

    @Test
    void unusedHighBitsOfTheBitmapsAreNotColumns() {
        // MariaDB 10.11.5 writes 0xff for three columns and sets the unused NULL bits too.
        byte[] body = deleteOfTwoRows(0xff, 0xf8);
        RowsEvent event = RowsEvent.parse(25, body);

        assertThat(event.present().cardinality()).isEqualTo(3);
        assertThat(event.fullImage()).isTrue();
        assertThat(event.walk(body, USERS, (s, e) -> { })).isEqualTo(2);
    }

    @Test
    void aMinimalBeforeImageIsNotFull() {
        byte[] body = deleteOfTwoRows(0x01, 0x00);

        assertThat(RowsEvent.parse(25, body).fullImage()).isFalse();
    }

    @Test
    void anImageThatDoesNotFitItsTableMapIsRefused() {
        byte[] body = deleteOfTwoRows(0x07, 0x00);
        TableMap wider = new TableMap(18, "shop", "users", new byte[]{8, 15, 15}, new int[]{0, 40, 80}, null);

        assertThatThrownBy(() -> RowsEvent.parse(25, body).walk(body, wider, (s, e) -> { }))
                .isInstanceOf(RuntimeException.class);
    }
}
