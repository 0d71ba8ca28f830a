package dev.dbrescue.binlog.value;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MySQL binary JSON (sql-common/json_binary.h: small objects and arrays with 2-byte offsets, inlined literals and
 * int16, opaque values for temporal and decimal types) written back with its types: text for plain documents, the
 * building expression when a value has a type text cannot carry. Documents built here by hand.
 */
class JsonSqlTest {

    private static String sql(byte[] binary) {
        SqlBuffer out = new SqlBuffer(64);
        JsonSql.append(out, binary);
        return out.toString();
    }

    @Test
    void doublesStayDoublesInText() {
        byte[] value = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(1.5e17).array();
        assertThat(sql(object("a", 0x0B, value))).isEqualTo("'{\"a\": 1.5E17}'");
        byte[] three = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(3.0).array();
        assertThat(sql(object("a", 0x0B, three))).isEqualTo("'{\"a\": 3.0}'");
    }

    @Test
    void aDatetimeInsideTheDocumentIsBuiltWithItsType() {
        long ymd = ((2026L * 13 + 11) << 5) | 21;
        long hms = (3L << 12) | (4 << 6) | 5;
        long packed = (((ymd << 17) | hms) << 24) + 6;
        byte[] opaque = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).put((byte) 12).put((byte) 8)
                .putLong(packed).array();
        assertThat(sql(object("t", 0x0F, opaque)))
                .isEqualTo("JSON_OBJECT('t', CAST('2026-11-21 03:04:05.000006' AS DATETIME(6)))");
    }

    @Test
    void aDecimalInsideAnArrayMakesTheArrayAnExpressionItsOtherValuesKeepTheirTypes() {
        byte[] decimal = {(byte) 246, 4, 3, 2, (byte) 0x81, 0x32}; // DECIMAL(3,2) 1.50
        byte[] inner = objectBody("d", 0x0F, decimal);
        // [1, "x", null, true, {"d": 1.50}]
        int entries = 5 * 3;
        int stringAt = 4 + entries;
        int objectAt = stringAt + 2;
        ByteBuffer b = ByteBuffer.allocate(1 + objectAt + inner.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x02).putShort((short) 5).putShort((short) (objectAt + inner.length));
        b.put((byte) 0x05).putShort((short) 1);
        b.put((byte) 0x0C).putShort((short) stringAt);
        b.put((byte) 0x04).putShort((short) 0);
        b.put((byte) 0x04).putShort((short) 1);
        b.put((byte) 0x00).putShort((short) objectAt);
        b.put((byte) 1).put((byte) 'x');
        b.put(inner);
        assertThat(sql(b.array())).isEqualTo("JSON_ARRAY(1, 'x', NULL, CAST('true' AS JSON),"
                + " JSON_OBJECT('d', CAST('1.50' AS DECIMAL(3,2))))");
    }

    @Test
    void stringsAreEscapedAsJson() {
        byte[] text = "say \"hi\"\\\n".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        value.write(text.length);
        value.writeBytes(text);
        assertThat(sql(object("s", 0x0C, value.toByteArray())))
                .isEqualTo("_utf8mb4 X'" + hex("{\"s\": \"say \\\"hi\\\"\\\\\\n\"}") + "'");
    }

    /** A one-member small object whose value is stored out of line. */
    private static byte[] object(String key, int type, byte[] value) {
        byte[] body = objectBody(key, type, value);
        byte[] all = new byte[body.length + 1];
        all[0] = 0x00;
        System.arraycopy(body, 0, all, 1, body.length);
        return all;
    }

    private static byte[] objectBody(String key, int type, byte[] value) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        int keyAt = 4 + 4 + 3;
        int valueAt = keyAt + k.length;
        ByteBuffer b = ByteBuffer.allocate(valueAt + value.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 1).putShort((short) (valueAt + value.length));
        b.putShort((short) keyAt).putShort((short) k.length);
        b.put((byte) type).putShort((short) valueAt);
        b.put(k).put(value);
        return b.array();
    }

    private static String hex(String s) {
        StringBuilder h = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            h.append(String.format("%02X", x));
        }
        return h.toString();
    }
}
