package dev.dbrescue.binlog.event;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventMetadata;
import com.github.shyiko.mysql.binlog.event.deserialization.TableMapEventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A TABLE_MAP event: column types and metadata through the library (including the optional metadata that
 * {@code binlog_row_metadata=FULL} adds: column names, signedness, charsets, primary key), the names decoded here as
 * UTF-8 because the library decodes them in the JVM's default charset.
 *
 * @param metadata the optional metadata; null when the server logged none (binlog_row_metadata=NO_LOG)
 */
public record TableMap(long tableId, String database, String table, byte[] columnTypes, int[] columnMetadata,
                       TableMapEventMetadata metadata) {

    public static TableMap parse(byte[] body) throws IOException {
        TableMapEventData data = new TableMapEventDataDeserializer().deserialize(new ByteArrayInputStream(body));
        int dbLength = body[8] & 0xff;
        String database = new String(body, 9, dbLength, StandardCharsets.UTF_8);
        int tableAt = 9 + dbLength + 1;
        String table = new String(body, tableAt + 1, body[tableAt] & 0xff, StandardCharsets.UTF_8);
        return new TableMap(data.getTableId(), database, table, data.getColumnTypes(), data.getColumnMetadata(),
                data.getEventMetadata());
    }

    /** {@code database.table}, as users write it. */
    public String qualifiedName() {
        return database + "." + table;
    }
}
