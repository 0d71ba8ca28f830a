package dev.dbrescue.core.deadlock.render;

import java.io.IOException;

/**
 * What {@link JsonDeadlockWriter} writes a deadlock through: the few calls of Jackson's streaming
 * {@code JsonGenerator} it needs, under the same names.
 * {@link PrettyJson} writes {@code deadlocks parse --format json} fast; {@link JacksonOutput} hands the same calls to
 * a Jackson generator ({@code deadlocks watch}'s JSON lines), so that both outputs come from one description of the
 * contract.
 */
interface JsonOutput {

    void writeStartObject() throws IOException;

    void writeEndObject() throws IOException;

    void writeStartArray() throws IOException;

    void writeEndArray() throws IOException;

    /** A field name; its value follows. */
    void writeFieldName(JsonName name) throws IOException;

    /** A string, or {@code null}. */
    void writeString(String value) throws IOException;

    void writeNumber(long value) throws IOException;

    void writeNumber(double value) throws IOException;

    void writeBoolean(boolean value) throws IOException;

    void writeNull() throws IOException;
}
