package dev.dbrescue.core.deadlock.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link PrettyJson} writes what Jackson's generator writes with its default pretty printer, character for character. */
class PrettyJsonTest {

    @Test
    void smallDocument() throws IOException {
        String[] texts = both(json -> {
            json.writeStartObject();
            json.writeFieldName(new JsonName("a"));
            json.writeStartArray();
            json.writeEndArray();
            json.writeFieldName(new JsonName("b"));
            json.writeStartArray();
            json.writeNumber(1);
            json.writeStartObject();
            json.writeEndObject();
            json.writeStartObject();
            json.writeFieldName(new JsonName("c"));
            json.writeString("x\"\\\n\u0001\u001f\u007f é");
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
        });
        assertThat(texts[0]).isEqualTo(texts[1]).isEqualTo(String.join(System.lineSeparator(), "{", "  \"a\" : [ ],",
                "  \"b\" : [ 1, { }, {", "    \"c\" : \"x\\\"\\\\\\n\\u0001\\u001F\u007f é\"", "  } ]", "}"));
    }

    @Test
    void randomDocumentsAsJacksonWritesThem() throws IOException {
        Random random = new Random(11);
        for (int k = 0; k < 3_000; k++) {
            long seed = random.nextLong();
            String[] texts = both(json -> document(json, new Random(seed)));
            assertThat(texts[0]).as("document of seed %d", seed).isEqualTo(texts[1]);
        }
    }

    private interface Document {
        void write(JsonOutput json) throws IOException;
    }

    /** The document as PrettyJson writes it, then as Jackson does. */
    private static String[] both(Document document) throws IOException {
        StringWriter ours = new StringWriter();
        PrettyJson pretty = new PrettyJson(ours);
        document.write(pretty);
        pretty.flush();
        StringWriter theirs = new StringWriter();
        JsonGenerator generator = new JsonFactory().createGenerator(theirs);
        generator.setPrettyPrinter(new DefaultPrettyPrinter());
        document.write(new JacksonOutput(generator));
        generator.flush();
        return new String[] {ours.toString(), theirs.toString()};
    }

    private static void document(JsonOutput json, Random random) throws IOException {
        if (random.nextInt(4) == 0) {
            json.writeStartArray();
            for (int i = random.nextInt(4); i > 0; i--) {
                value(json, random, 0);
            }
            json.writeEndArray();
        } else {
            object(json, random, 0);
        }
    }

    private static void object(JsonOutput json, Random random, int depth) throws IOException {
        json.writeStartObject();
        for (int i = random.nextInt(depth > 4 ? 2 : 6); i > 0; i--) {
            json.writeFieldName(new JsonName(name(random)));
            value(json, random, depth + 1);
        }
        json.writeEndObject();
    }

    private static void value(JsonOutput json, Random random, int depth) throws IOException {
        switch (random.nextInt(depth > 4 ? 7 : 9)) {
            case 0 -> json.writeString(random.nextInt(50) == 0 ? text(random, 40_000) : text(random, 30));
            case 1 -> json.writeString(null);
            case 2 -> json.writeNumber(switch (random.nextInt(4)) {
                case 0 -> Long.MIN_VALUE;
                case 1 -> Long.MAX_VALUE;
                case 2 -> random.nextInt(200) - 100;
                default -> random.nextLong();
            });
            case 3 -> json.writeNumber(switch (random.nextInt(8)) {
                case 0 -> Double.NaN;
                case 1 -> Double.POSITIVE_INFINITY;
                case 2 -> Double.NEGATIVE_INFINITY;
                case 3 -> -0.0;
                case 4 -> random.nextInt(1000) / 8.0;
                case 5 -> Double.longBitsToDouble(random.nextLong());
                default -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
            });
            case 4 -> json.writeBoolean(random.nextBoolean());
            case 5 -> json.writeNull();
            case 6 -> {
                json.writeStartArray();
                json.writeEndArray();
            }
            case 7 -> {
                json.writeStartArray();
                for (int i = random.nextInt(4); i > 0; i--) {
                    value(json, random, depth + 1);
                }
                json.writeEndArray();
            }
            default -> object(json, random, depth + 1);
        }
    }

    /** Field names are constants of plain ASCII. */
    private static String name(Random random) {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            s.append((char) (0x20 + random.nextInt(0x5f)));
        }
        return s.toString().replace("\"", "").replace("\\", "");
    }

    /** Any characters: controls, quotes, backslashes, non-ASCII, lone surrogates. */
    private static String text(Random random, int maxLength) {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(maxLength + 1); i > 0; i--) {
            s.append(switch (random.nextInt(6)) {
                case 0 -> (char) random.nextInt(0x21);
                case 1 -> "\"\\/\u007f".charAt(random.nextInt(4));
                case 2 -> (char) (0x80 + random.nextInt(0x800));
                case 3 -> (char) (0xd800 + random.nextInt(0x800));
                default -> (char) (0x20 + random.nextInt(0x5f));
            });
        }
        return s.toString();
    }
}
