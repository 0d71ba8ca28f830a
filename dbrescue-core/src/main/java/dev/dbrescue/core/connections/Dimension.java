package dev.dbrescue.core.connections;

import dev.dbrescue.core.model.Session;

import java.util.Locale;
import java.util.function.Function;

/** What sessions are grouped by. The lower-case names are keys of the JSON contract's {@code groups}. */
public enum Dimension {
    USER(Session::user),
    /** The client host without its port; {@code local} for a Unix socket. */
    HOST(Session::host),
    DATABASE(Session::database),
    APPLICATION(Session::application),
    /** The server's own words: MySQL command (and thread state while busy), PostgreSQL state. */
    STATE(Session::state);

    private final Function<Session, String> key;

    Dimension(Function<Session, String> key) {
        this.key = key;
    }

    /** The session's group name in this dimension; null when the server does not tell. */
    public String of(Session session) {
        String name = key.apply(session);
        return name == null || name.isEmpty() ? null : name;
    }

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
