package dev.dbrescue.app;

import dev.dbrescue.core.render.OutputFormat;
import picocli.CommandLine;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** {@code --format text|json}, case-insensitive, with the choices named when wrong. */
final class FormatConverter implements CommandLine.ITypeConverter<OutputFormat> {

    @Override
    public OutputFormat convert(String value) {
        try {
            return OutputFormat.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("unknown format '" + value + "': use one of "
                    + Arrays.stream(OutputFormat.values()).map(f -> f.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
        }
    }
}
