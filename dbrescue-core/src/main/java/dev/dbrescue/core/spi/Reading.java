package dev.dbrescue.core.spi;

import dev.dbrescue.core.model.Limitation;

import java.util.Optional;

/**
 * One reading: a value, or none. An absent value with a limitation means something prevented the reading (the
 * caller says so once and carries on); absent without one means the engine has no such source.
 */
public record Reading<T>(T value, Limitation limitation) {

    public static <T> Reading<T> of(T value) {
        return new Reading<>(value, null);
    }

    /** The engine has no such source (PostgreSQL keeps no latest report): nothing to warn about. */
    public static <T> Reading<T> none() {
        return new Reading<>(null, null);
    }

    public static <T> Reading<T> unavailable(Limitation why) {
        return new Reading<>(null, why);
    }

    public Optional<T> optional() {
        return Optional.ofNullable(value);
    }
}
