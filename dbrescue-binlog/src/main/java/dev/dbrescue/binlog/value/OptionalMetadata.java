package dev.dbrescue.binlog.value;

import dev.dbrescue.binlog.event.TableMap;
import dev.dbrescue.binlog.rows.PackedInts;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The optional metadata of a TABLE_MAP event (MySQL 8.0.1+, MariaDB 10.5+, {@code binlog_row_metadata=MINIMAL|FULL}),
 * read into a {@link TableSchema}. Each list covers only some columns: signedness the numeric ones, charsets the
 * character ones, names all of them (FULL only), ENUM/SET members their own columns (FULL only). Strings are decoded
 * here in their own character sets, not in the JVM's.
 */
public final class OptionalMetadata {

    private static final int SIGNEDNESS = 1;
    private static final int DEFAULT_CHARSET = 2;
    private static final int COLUMN_CHARSET = 3;
    private static final int COLUMN_NAME = 4;
    private static final int SET_STR_VALUE = 5;
    private static final int ENUM_STR_VALUE = 6;
    private static final int SIMPLE_PRIMARY_KEY = 8;
    private static final int PRIMARY_KEY_WITH_PREFIX = 9;
    private static final int ENUM_AND_SET_DEFAULT_CHARSET = 10;
    private static final int ENUM_AND_SET_COLUMN_CHARSET = 11;

    private byte[] signedness = new byte[0];
    private int[] charsets;
    private int[] enumSetCharsets;
    private List<byte[]> names;
    private List<List<byte[]>> setValues;
    private List<List<byte[]>> enumValues;
    private final List<Integer> primaryKey = new ArrayList<>();

    private OptionalMetadata() {
    }

    /**
     * @return the table's schema, or null when the event has no column names (binlog_row_metadata other than FULL)
     * @throws IllegalArgumentException when the metadata does not fit the columns
     */
    public static TableSchema schemaOf(TableMap map, boolean mariaDb) {
        OptionalMetadata m = parse(map.optionalMetadata(), map.columnTypes(), map.columnMetadata(), mariaDb);
        if (m.names == null) {
            return null;
        }
        return m.schema(map, mariaDb);
    }

    private static OptionalMetadata parse(byte[] b, byte[] types, int[] meta, boolean mariaDb) {
        int characterColumns = 0;
        int enumSetColumns = 0;
        for (int i = 0; i < types.length; i++) {
            int real = Column.realType(types[i] & 0xff, meta[i]);
            if (Column.character(real, mariaDb)) {
                characterColumns++;
            } else if (Column.enumOrSet(real)) {
                enumSetColumns++;
            }
        }
        OptionalMetadata m = new OptionalMetadata();
        int at = 0;
        while (at < b.length) {
            int type = b[at] & 0xff;
            long[] length = PackedInts.read(b, at + 1);
            int start = (int) length[1];
            int end = start + (int) length[0];
            if (end > b.length) {
                throw new IllegalArgumentException("optional metadata field " + type + " runs past the event");
            }
            switch (type) {
                case SIGNEDNESS -> m.signedness = Arrays.copyOfRange(b, start, end);
                case DEFAULT_CHARSET -> m.charsets = defaultCharsets(b, start, end, characterColumns);
                case COLUMN_CHARSET -> m.charsets = columnCharsets(b, start, end);
                case ENUM_AND_SET_DEFAULT_CHARSET -> m.enumSetCharsets = defaultCharsets(b, start, end, enumSetColumns);
                case ENUM_AND_SET_COLUMN_CHARSET -> m.enumSetCharsets = columnCharsets(b, start, end);
                case COLUMN_NAME -> m.names = strings(b, start, end);
                case SET_STR_VALUE -> m.setValues = stringLists(b, start, end);
                case ENUM_STR_VALUE -> m.enumValues = stringLists(b, start, end);
                case SIMPLE_PRIMARY_KEY -> {
                    for (int p = start; p < end; ) {
                        long[] v = PackedInts.read(b, p);
                        m.primaryKey.add((int) v[0]);
                        p = (int) v[1];
                    }
                }
                case PRIMARY_KEY_WITH_PREFIX -> {
                    for (int p = start; p < end; ) {
                        long[] v = PackedInts.read(b, p);
                        m.primaryKey.add((int) v[0]);
                        p = (int) PackedInts.read(b, (int) v[1])[1]; // the prefix length: the key is still the column
                    }
                }
                default -> {
                    // Geometry types, column visibility and future fields: not needed to write SQL.
                }
            }
            at = end;
        }
        return m;
    }

    private TableSchema schema(TableMap map, boolean mariaDb) {
        byte[] types = map.columnTypes();
        int[] meta = map.columnMetadata();
        if (names.size() != types.length) {
            throw new IllegalArgumentException("the table map of " + map.qualifiedName() + " names " + names.size()
                    + " columns for " + types.length);
        }
        List<Column> columns = new ArrayList<>(types.length);
        int numeric = 0;
        int character = 0;
        int enumSet = 0;
        int sets = 0;
        int enums = 0;
        for (int i = 0; i < types.length; i++) {
            int binlogType = types[i] & 0xff;
            int real = Column.realType(binlogType, meta[i]);
            boolean unsigned = false;
            String charset = null;
            List<String> values = null;
            if (Column.numeric(real, mariaDb)) {
                int byteIndex = numeric / 8;
                unsigned = byteIndex < signedness.length && (signedness[byteIndex] & (0x80 >> (numeric % 8))) != 0;
                numeric++;
            } else if (Column.character(real, mariaDb)) {
                charset = charsets == null || character >= charsets.length ? null
                        : Collations.charsetOf(charsets[character]);
                if (real == 255) {
                    charset = Collations.BINARY;
                }
                character++;
            } else if (Column.enumOrSet(real)) {
                String enumSetCharset = enumSetCharsets == null || enumSet >= enumSetCharsets.length ? null
                        : Collations.charsetOf(enumSetCharsets[enumSet]);
                Charset decoder = Collations.javaCharset(enumSetCharset);
                List<List<byte[]>> lists = real == 247 ? enumValues : setValues;
                int index = real == 247 ? enums++ : sets++;
                if (lists != null && index < lists.size()) {
                    values = decode(lists.get(index), decoder == null ? StandardCharsets.UTF_8 : decoder);
                }
                enumSet++;
            }
            String name = new String(names.get(i), StandardCharsets.UTF_8);
            columns.add(new Column(name, binlogType, meta[i], real, unsigned, charset, values, false));
        }
        return new TableSchema(map.database(), map.table(), List.copyOf(columns), List.copyOf(primaryKey));
    }

    private static List<String> decode(List<byte[]> raw, Charset charset) {
        List<String> out = new ArrayList<>(raw.size());
        for (byte[] r : raw) {
            out.add(new String(r, charset));
        }
        return List.copyOf(out);
    }

    /** A default collation, then (index, collation) pairs for the columns that differ from it. */
    private static int[] defaultCharsets(byte[] b, int start, int end, int columns) {
        long[] v = PackedInts.read(b, start);
        int[] out = new int[columns];
        Arrays.fill(out, (int) v[0]);
        Map<Integer, Integer> exceptions = new HashMap<>();
        for (int p = (int) v[1]; p < end; ) {
            long[] index = PackedInts.read(b, p);
            long[] collation = PackedInts.read(b, (int) index[1]);
            exceptions.put((int) index[0], (int) collation[0]);
            p = (int) collation[1];
        }
        exceptions.forEach((index, collation) -> {
            if (index < out.length) {
                out[index] = collation;
            }
        });
        return out;
    }

    private static int[] columnCharsets(byte[] b, int start, int end) {
        List<Integer> list = new ArrayList<>();
        for (int p = start; p < end; ) {
            long[] v = PackedInts.read(b, p);
            list.add((int) v[0]);
            p = (int) v[1];
        }
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    private static List<byte[]> strings(byte[] b, int start, int end) {
        List<byte[]> list = new ArrayList<>();
        for (int p = start; p < end; ) {
            long[] length = PackedInts.read(b, p);
            int from = (int) length[1];
            list.add(Arrays.copyOfRange(b, from, from + (int) length[0]));
            p = from + (int) length[0];
        }
        return list;
    }

    private static List<List<byte[]>> stringLists(byte[] b, int start, int end) {
        List<List<byte[]>> lists = new ArrayList<>();
        for (int p = start; p < end; ) {
            long[] count = PackedInts.read(b, p);
            p = (int) count[1];
            List<byte[]> values = new ArrayList<>();
            for (long i = 0; i < count[0]; i++) {
                long[] length = PackedInts.read(b, p);
                int from = (int) length[1];
                values.add(Arrays.copyOfRange(b, from, from + (int) length[0]));
                p = from + (int) length[0];
            }
            lists.add(values);
        }
        return lists;
    }
}
