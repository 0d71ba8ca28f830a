package dev.dbrescue.app.deadlocks;

import dev.dbrescue.app.EnumConverter;
import dev.dbrescue.core.deadlock.render.DeadlockFormat;

/** {@code --format text|json|mermaid|dot}. */
public final class DeadlockFormatConverter extends EnumConverter<DeadlockFormat> {

    public DeadlockFormatConverter() {
        super(DeadlockFormat.class);
    }
}
