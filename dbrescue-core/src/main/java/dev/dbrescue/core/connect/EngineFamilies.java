package dev.dbrescue.core.connect;

import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;
import dev.dbrescue.core.spi.EngineFamily;
import dev.dbrescue.core.target.Target;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** The engine families on the class path, found by ServiceLoader. */
public final class EngineFamilies {

    private static volatile List<EngineFamily> cached;

    private EngineFamilies() {
    }

    public static List<EngineFamily> all() {
        List<EngineFamily> families = cached;
        if (families == null) {
            List<EngineFamily> found = new ArrayList<>();
            ServiceLoader.load(EngineFamily.class).forEach(found::add);
            families = List.copyOf(found);
            cached = families;
        }
        return families;
    }

    /** The family whose driver the target's scheme (or jdbc subprotocol) selects. */
    public static EngineFamily forTarget(Target target) {
        for (EngineFamily family : all()) {
            boolean matches = target.jdbcUrl() != null
                    ? family.jdbcSubprotocols().contains(target.scheme())
                    : family.uriSchemes().contains(target.scheme());
            if (matches) {
                return family;
            }
        }
        TreeSet<String> known = new TreeSet<>();
        all().forEach(f -> known.addAll(f.uriSchemes()));
        throw new DbRescueException(ErrorCode.USAGE, "Unknown target scheme '" + target.scheme() + "': use one of "
                + String.join(", ", known) + " (e.g. postgresql://postgres@127.0.0.1/postgres) or a jdbc: URL.");
    }
}
