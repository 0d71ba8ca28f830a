package dev.dbrescue.binlog.event;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.TableMapEventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import dev.dbrescue.binlog.rows.PackedInts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A TABLE_MAP event: column types and metadata through the library; the database and table names decoded here as
 * UTF-8 (the library uses the JVM's default charset), and the optional metadata that {@code binlog_row_metadata}
 * adds kept as raw bytes for {@link dev.dbrescue.binlog.value.OptionalMetadata}, which decodes its strings in their
 * own character sets.
 *
 * @param optionalMetadata the optional metadata's bytes; empty when the server logged none (binlog_row_metadata=NO_LOG)
 */
public record TableMap(long tableId, String database, String table, byte[] columnTypes, int[] columnMetadata,
                       byte[] optionalMetadata) {

    public static TableMap parse(byte[] body) throws IOException {
        TableMapEventData data = new TableMapEventDataDeserializer().deserialize(new ByteArrayInputStream(body));
        int dbLength = body[8] & 0xff;
        String database = new String(body, 9, dbLength, StandardCharsets.UTF_8);
        int tableAt = 9 + dbLength + 1;
        int tableLength = body[tableAt] & 0xff;
        String table = new String(body, tableAt + 1, tableLength, StandardCharsets.UTF_8);
        // Skip what the library read to find where the optional metadata begins: column count, types, the metadata
        // block and the nullability bitmap.
        int at = tableAt + 1 + tableLength + 1;
        long[] columns = PackedInts.read(body, at);
        at = (int) columns[1] + (int) columns[0];
        long[] metaLength = PackedInts.read(body, at);
        at = (int) metaLength[1] + (int) metaLength[0] + (int) ((columns[0] + 7) / 8);
        byte[] optional = at < body.length ? Arrays.copyOfRange(body, at, body.length) : new byte[0];
        return new TableMap(data.getTableId(), database, table, data.getColumnTypes(), data.getColumnMetadata(),
                optional);
    }

    /** {@code database.table}, as users write it. */
    public String qualifiedName() {
        return database + "." + table;
    }
}
