package dev.dbrescue.binlog.flashback;

import dev.dbrescue.binlog.rows.CellSizes;
import dev.dbrescue.binlog.value.CellLiteral;
import dev.dbrescue.binlog.value.Collations;
import dev.dbrescue.binlog.value.Column;
import dev.dbrescue.binlog.value.JsonDiff;
import dev.dbrescue.binlog.value.SqlBuffer;
import dev.dbrescue.binlog.value.SqlText;
import dev.dbrescue.binlog.value.TableSchema;

import java.util.BitSet;
import java.util.List;

/**
 * One row image as SQL: its values for an INSERT, or per column (literal and raw bytes) for the SET and WHERE of
 * UPDATE and DELETE. Rows are identified by the primary key, or by every column when the table has none, with
 * {@code <=>} so that NULLs match; MySQL's binary JSON is compared as JSON.
 */
final class RowSql {

    private RowSql() {
    }

    /** Appends {@code (v1,v2,...)} for the image at {@code at}; returns where it ends. */
    static int values(SqlBuffer out, byte[] body, int at, BitSet present, TableSchema schema) {
        List<Column> columns = schema.columns();
        int nullsAt = at;
        at += (present.cardinality() + 7) / 8;
        out.append('(');
        int index = 0;
        boolean first = true;
        for (int c = present.nextSetBit(0); c >= 0; c = present.nextSetBit(c + 1), index++) {
            boolean isNull = (body[nullsAt + index / 8] & (1 << (index % 8))) != 0;
            Column column = columns.get(c);
            if (column.generated()) {
                // the server computes it: skip the cell
                at += isNull ? 0 : CellSizes.size(column.binlogType(), column.meta(), body, at);
                continue;
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            if (isNull) {
                out.append("NULL");
            } else {
                at = CellLiteral.append(out, body, at, column);
            }
        }
        out.append(')');
        return at;
    }

    /** An image decoded per column: literals (null where absent) and each cell's byte range for comparisons. */
    static final class Image {
        final String[] literals;
        final int[] starts;
        final int[] ends;
        /** JSON columns logged as diffs (MySQL partial updates): their literal is the SQL applying the diffs. */
        final BitSet partial = new BitSet();
        int end;

        Image(int columns) {
            literals = new String[columns];
            starts = new int[columns];
            ends = new int[columns];
        }

        /** Whether column {@code c} holds the same bytes (or the same NULL) in both images. */
        boolean same(byte[] body, Image other, int c) {
            if (literals[c] == null || other.literals[c] == null || partial.get(c) || other.partial.get(c)) {
                return false;
            }
            boolean nullHere = starts[c] < 0;
            boolean nullThere = other.starts[c] < 0;
            if (nullHere || nullThere) {
                return nullHere && nullThere;
            }
            return java.util.Arrays.equals(body, starts[c], ends[c], body, other.starts[c], other.ends[c]);
        }
    }

    static Image decode(byte[] body, int at, BitSet present, TableSchema schema) {
        return decode(body, at, present, schema, null);
    }

    /** @param diffs the JSON columns whose value is a diff (a partial update's after image); null for none */
    static Image decode(byte[] body, int at, BitSet present, TableSchema schema, BitSet diffs) {
        List<Column> columns = schema.columns();
        Image image = new Image(columns.size());
        int nullsAt = at;
        at += (present.cardinality() + 7) / 8;
        int index = 0;
        SqlBuffer literal = new SqlBuffer(32);
        for (int c = present.nextSetBit(0); c >= 0; c = present.nextSetBit(c + 1), index++) {
            if ((body[nullsAt + index / 8] & (1 << (index % 8))) != 0) {
                image.literals[c] = "NULL";
                image.starts[c] = -1;
            } else {
                literal.setLength(0);
                Column column = columns.get(c);
                if (diffs != null && diffs.get(c)) {
                    int size = CellSizes.size(column.binlogType(), column.meta(), body, at);
                    image.literals[c] = JsonDiff.expression(column.name(), body, at + column.meta(),
                            size - column.meta());
                    image.partial.set(c);
                    image.starts[c] = at;
                    image.ends[c] = at + size;
                    at += size;
                    continue;
                }
                int end = CellLiteral.append(literal, body, at, column);
                // The same cell size the first pass walked with: decoding and walking agree on every image.
                assert end == at + CellSizes.size(column.binlogType(), column.meta(), body, at);
                image.literals[c] = literal.toString();
                image.starts[c] = at;
                image.ends[c] = end;
                at = end;
            }
        }
        image.end = at;
        return image;
    }

    /**
     * {@code `id`=1}: the row's identity in {@code image}, by primary key; in a table without one, by every column
     * compared exactly, since a lenient collation would take {@code 'ABC'} or {@code 'abc '} for {@code 'abc'} and
     * undo the wrong twin.
     */
    static void where(SqlBuffer out, Image image, TableSchema schema) {
        List<Column> columns = schema.columns();
        boolean byKey = !schema.primaryKey().isEmpty()
                && schema.primaryKey().stream().allMatch(k -> image.literals[k] != null);
        if (!byKey) {
            compareAll(out, image, schema, true, false);
            return;
        }
        boolean first = true;
        for (int k : schema.primaryKey()) {
            first = and(out, first);
            SqlText.identifier(out, columns.get(k).name()).append('=');
            literal(out, image.literals[k], columns.get(k));
        }
    }

    /**
     * The row exactly as {@code image} has it, for --apply: the key first (so the server finds the row by its index),
     * then every column compared byte for byte where the column's collation would be lenient (case, trailing spaces).
     */
    static void exactly(SqlBuffer out, Image image, TableSchema schema) {
        List<Column> columns = schema.columns();
        boolean first = true;
        for (int k : schema.primaryKey()) {
            if (image.literals[k] == null) {
                continue;
            }
            first = and(out, first);
            SqlText.identifier(out, columns.get(k).name()).append("<=>");
            literal(out, image.literals[k], columns.get(k));
        }
        compareAll(out, image, schema, first, true);
    }

    private static void compareAll(SqlBuffer out, Image image, TableSchema schema, boolean first,
                                   boolean keyDone) {
        List<Column> columns = schema.columns();
        for (int c = 0; c < columns.size(); c++) {
            String literal = image.literals[c];
            if (literal == null || image.partial.get(c)
                    || keyDone && schema.primaryKey().contains(c) && !bytewise(columns.get(c))) {
                continue; // a JSON diff says what changed, not what the value is: not comparable
            }
            first = and(out, first);
            Column column = columns.get(c);
            if ("NULL".equals(literal)) {
                SqlText.identifier(out, column.name()).append(" IS NULL");
            } else if (column.realType() == 255 || bytewise(column)) {
                out.append("HEX(");
                SqlText.identifier(out, column.name()).append(")=HEX(");
                if (column.charset() == null || column.realType() == 255) {
                    out.append(literal).append(')');
                } else {
                    out.append("CONVERT(").append(literal).append(" USING ")
                            .append("utf8mb3".equals(column.charset()) ? "utf8" : column.charset()).append("))");
                }
            } else {
                SqlText.identifier(out, column.name()).append("<=>");
                literal(out, literal, column);
            }
        }
    }

    /** Character columns: compared as bytes, since their collations may call different strings equal. */
    private static boolean bytewise(Column column) {
        int t = column.realType();
        return (t == 15 || t == 253 || t == 254 || t == 252) && !Collations.BINARY.equals(column.charset());
    }

    private static boolean and(SqlBuffer out, boolean first) {
        if (!first) {
            out.append(" AND ");
        }
        return false;
    }

    /** {@code (`a`,`b`)}: the primary key's columns. */
    static void keyColumns(SqlBuffer out, TableSchema schema) {
        out.append('(');
        for (int i = 0; i < schema.primaryKey().size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            SqlText.identifier(out, schema.columns().get(schema.primaryKey().get(i)).name());
        }
        out.append(')');
    }

    /** {@code (1,'x')}: the primary key's values in {@code image}. */
    static void keyTuple(SqlBuffer out, Image image, TableSchema schema) {
        out.append('(');
        for (int i = 0; i < schema.primaryKey().size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            int k = schema.primaryKey().get(i);
            literal(out, image.literals[k] == null ? "NULL" : image.literals[k], schema.columns().get(k));
        }
        out.append(')');
    }

    static void literal(SqlBuffer out, String literal, Column column) {
        if (column.realType() == 245 && !"NULL".equals(literal)) {
            out.append("CAST(").append(literal).append(" AS JSON)");
        } else {
            out.append(literal);
        }
    }

    /** {@code (`a`,`b`)} for the columns of an image. */
    static void columnList(SqlBuffer out, BitSet present, TableSchema schema) {
        out.append('(');
        boolean first = true;
        for (int c = present.nextSetBit(0); c >= 0; c = present.nextSetBit(c + 1)) {
            if (schema.columns().get(c).generated()) {
                continue;
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            SqlText.identifier(out, schema.columns().get(c).name());
        }
        out.append(')');
    }
}
