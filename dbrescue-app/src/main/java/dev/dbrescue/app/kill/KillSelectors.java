package dev.dbrescue.app.kill;

import dev.dbrescue.app.DurationConverter;
import dev.dbrescue.core.action.Selector;
import dev.dbrescue.core.action.Selector.Named.Field;
import dev.dbrescue.core.action.Selector.Timed.Clock;
import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The selector options of {@code dbrescue kill}, each with its {@code --exclude-} counterpart. Selectors combine with
 * AND; a name option given more than once matches any of its values.
 */
final class KillSelectors {

    /** One side: what to select, or what to exclude. */
    static class Side {
        boolean rootBlockers;
        Duration blockingFor;
        Integer minWaiters;
        Duration idleInTransaction;
        Duration idle;
        Duration busy;
        List<String> users = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        List<String> databases = new ArrayList<>();
        List<String> applications = new ArrayList<>();
        String query;

        List<Selector> selectors(String prefix) {
            List<Selector> out = new ArrayList<>();
            if (rootBlockers) {
                out.add(new Selector.RootBlockers());
            }
            timed(out, Clock.BLOCKING_FOR, blockingFor);
            if (minWaiters != null) {
                out.add(new Selector.MinWaiters(minWaiters));
            }
            timed(out, Clock.IDLE_IN_TRANSACTION, idleInTransaction);
            timed(out, Clock.IDLE, idle);
            timed(out, Clock.BUSY, busy);
            named(out, Field.USER, users);
            named(out, Field.HOST, hosts);
            named(out, Field.DATABASE, databases);
            named(out, Field.APPLICATION, applications);
            if (query != null) {
                try {
                    out.add(new Selector.Query(Pattern.compile(query)));
                } catch (PatternSyntaxException e) {
                    throw new DbRescueException(ErrorCode.USAGE, prefix + "query '" + query + "' is not a regular expression: "
                            + e.getDescription() + (e.getIndex() >= 0 ? " near position " + e.getIndex() : "")
                            + " (Java syntax, e.g. '^UPDATE orders' or '(?i)select .* for update')");
                }
            }
            return out;
        }

        private static void timed(List<Selector> out, Clock clock, Duration threshold) {
            if (threshold != null) {
                out.add(new Selector.Timed(clock, threshold));
            }
        }

        private static void named(List<Selector> out, Field field, List<String> names) {
            if (!names.isEmpty()) {
                out.add(new Selector.Named(field, new LinkedHashSet<>(names)));
            }
        }
    }

    /** What to select. */
    static final class Include extends Side {
        @Option(names = "--root-blockers", description = "Sessions that block others and wait for nothing (the head of each blocking tree).")
        void rootBlockers(boolean v) {
            rootBlockers = v;
        }

        @Option(names = "--blocking-for", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "Sessions another session has waited for this long or longer.")
        void blockingFor(Duration v) {
            blockingFor = v;
        }

        @Option(names = "--min-waiters", paramLabel = "N", description = "Sessions with at least N sessions waiting behind them, directly or not.")
        void minWaiters(int v) {
            minWaiters = v;
        }

        @Option(names = "--idle-in-transaction", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "Sessions idle inside an open transaction this long or longer (the forgotten BEGIN).")
        void idleInTransaction(Duration v) {
            idleInTransaction = v;
        }

        @Option(names = "--idle", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "Sessions that have run nothing for this long or longer, in a transaction or not (MySQL: Sleep).")
        void idle(Duration v) {
            idle = v;
        }

        @Option(names = "--busy", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "Sessions running one statement for this long or longer.")
        void busy(Duration v) {
            busy = v;
        }

        @Option(names = "--user", paramLabel = "NAME", description = "Sessions of this user (repeat for several).")
        void user(List<String> v) {
            users = v;
        }

        @Option(names = "--host", paramLabel = "HOST", description = "Sessions from this client host, with or without :port (repeat for several).")
        void host(List<String> v) {
            hosts = v;
        }

        @Option(names = "--database", paramLabel = "NAME", description = "Sessions using this database (repeat for several).")
        void database(List<String> v) {
            databases = v;
        }

        @Option(names = "--application", paramLabel = "NAME",
                description = "Sessions with this application_name (PostgreSQL; repeat for several).")
        void application(List<String> v) {
            applications = v;
        }

        @Option(names = "--query", paramLabel = "REGEX",
                description = "Sessions whose statement matches REGEX (found anywhere; MySQL shows only running statements).")
        void query(String v) {
            query = v;
        }
    }

    /** What to leave out of the selection. */
    static final class Exclude extends Side {
        @Option(names = "--exclude-root-blockers", description = "Leave out root blockers.")
        void rootBlockers(boolean v) {
            rootBlockers = v;
        }

        @Option(names = "--exclude-blocking-for", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "Leave out sessions another has waited for this long or longer.")
        void blockingFor(Duration v) {
            blockingFor = v;
        }

        @Option(names = "--exclude-min-waiters", paramLabel = "N", description = "Leave out sessions with N or more waiters behind them.")
        void minWaiters(int v) {
            minWaiters = v;
        }

        @Option(names = "--exclude-idle-in-transaction", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "Leave out sessions idle in a transaction this long or longer.")
        void idleInTransaction(Duration v) {
            idleInTransaction = v;
        }

        @Option(names = "--exclude-idle", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "Leave out sessions idle this long or longer.")
        void idle(Duration v) {
            idle = v;
        }

        @Option(names = "--exclude-busy", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "Leave out sessions running one statement this long or longer.")
        void busy(Duration v) {
            busy = v;
        }

        @Option(names = "--exclude-user", paramLabel = "NAME", description = "Leave out this user's sessions (repeat for several).")
        void user(List<String> v) {
            users = v;
        }

        @Option(names = "--exclude-host", paramLabel = "HOST", description = "Leave out sessions from this host (repeat for several).")
        void host(List<String> v) {
            hosts = v;
        }

        @Option(names = "--exclude-database", paramLabel = "NAME", description = "Leave out sessions using this database (repeat for several).")
        void database(List<String> v) {
            databases = v;
        }

        @Option(names = "--exclude-application", paramLabel = "NAME", description = "Leave out sessions of this application (repeat for several).")
        void application(List<String> v) {
            applications = v;
        }

        @Option(names = "--exclude-query", paramLabel = "REGEX", description = "Leave out sessions whose statement matches REGEX.")
        void query(String v) {
            query = v;
        }
    }
}
