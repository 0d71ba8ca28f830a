package dev.dbrescue.app;

import picocli.CommandLine;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Reads an enum option case-insensitively and names the choices when the value is wrong. */
public abstract class EnumConverter<E extends Enum<E>> implements CommandLine.ITypeConverter<E> {

    private final Class<E> type;
    private final String what;

    protected EnumConverter(Class<E> type) {
        this(type, "format");
    }

    /** @param what what the value is, for the message: "unknown mode 'x'" */
    protected EnumConverter(Class<E> type, String what) {
        this.type = type;
        this.what = what;
    }

    @Override
    public E convert(String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("unknown " + what + " '" + value + "': use one of "
                    + Arrays.stream(type.getEnumConstants()).map(f -> f.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
        }
    }
}
