package dev.dbrescue.core.deadlock.render;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;

/** {@link JsonOutput} on a Jackson generator, whatever its configuration (compact for {@code deadlocks watch}). */
final class JacksonOutput implements JsonOutput {

    private final JsonGenerator json;

    JacksonOutput(JsonGenerator json) {
        this.json = json;
    }

    @Override
    public void writeStartObject() throws IOException {
        json.writeStartObject();
    }

    @Override
    public void writeEndObject() throws IOException {
        json.writeEndObject();
    }

    @Override
    public void writeStartArray() throws IOException {
        json.writeStartArray();
    }

    @Override
    public void writeEndArray() throws IOException {
        json.writeEndArray();
    }

    @Override
    public void writeFieldName(JsonName name) throws IOException {
        json.writeFieldName(name.forJackson());
    }

    @Override
    public void writeString(String value) throws IOException {
        json.writeString(value);
    }

    @Override
    public void writeNumber(long value) throws IOException {
        json.writeNumber(value);
    }

    @Override
    public void writeNumber(double value) throws IOException {
        json.writeNumber(value);
    }

    @Override
    public void writeBoolean(boolean value) throws IOException {
        json.writeBoolean(value);
    }

    @Override
    public void writeNull() throws IOException {
        json.writeNull();
    }
}
