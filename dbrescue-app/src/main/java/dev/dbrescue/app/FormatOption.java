package dev.dbrescue.app;

import dev.dbrescue.core.render.OutputFormat;

/** {@code --format text|json}. */
public final class FormatOption {

    private FormatOption() {
    }

    public static final class Converter extends EnumConverter<OutputFormat> {
        public Converter() {
            super(OutputFormat.class);
        }
    }
}
