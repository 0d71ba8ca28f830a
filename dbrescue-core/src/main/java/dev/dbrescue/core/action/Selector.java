package dev.dbrescue.core.action;

import dev.dbrescue.core.analysis.finding.Durations;
import dev.dbrescue.core.model.Session;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One condition of a kill policy ({@code --idle 5m}, {@code --root-blockers}, ...). A policy selects a session when
 * every included selector matches and no excluded one does. Pure: it looks at {@link SessionFacts} only.
 */
public sealed interface Selector {

    /** Why the session matches, in a few words ("idle 6 min 2 s"), or null when it does not. */
    String match(SessionFacts facts);

    /** The option as the user would write it, e.g. {@code --idle 5m}; excluded ones get {@code --exclude-} in front. */
    String option();

    /**
     * True when the selector is about the locks a session holds (who blocks whom): such a match holds only while the
     * session keeps the same transaction and runs nothing new, so it is re-checked that way before acting.
     */
    default boolean aboutLocks() {
        return false;
    }

    /** True when the selector is about the session's open transaction: the transaction must be the same at kill time. */
    default boolean aboutTransaction() {
        return aboutLocks();
    }

    /** The duration a {@link Timed} selector compares with ({@code --idle 5m}: 5 minutes); null for the others. */
    default Duration threshold() {
        return null;
    }

    /** Blocks others and waits for nothing: the head of a blocking tree. */
    record RootBlockers() implements Selector {
        @Override
        public String match(SessionFacts f) {
            return f.root() ? "root blocker: " + sessions(f.waitersBehind()) + " wait behind it" : null;
        }

        @Override
        public String option() {
            return "--root-blockers";
        }

        @Override
        public boolean aboutLocks() {
            return true;
        }
    }

    /** At least this many sessions wait behind it, directly or through others. */
    record MinWaiters(int waiters) implements Selector {
        @Override
        public String match(SessionFacts f) {
            return f.waitersBehind() > 0 && f.waitersBehind() >= waiters ? sessions(f.waitersBehind()) + " wait behind it" : null;
        }

        @Override
        public String option() {
            return "--min-waiters " + waiters;
        }

        @Override
        public boolean aboutLocks() {
            return true;
        }
    }

    /**
     * A time that has reached the threshold: how long the session has kept another waiting ({@code --blocking-for};
     * the longest direct wait), has sat idle inside its open transaction ({@code --idle-in-transaction}: the forgotten
     * BEGIN), has run nothing at all ({@code --idle}: pt-kill's {@code --idle-time}), or has run its current statement
     * ({@code --busy}: pt-kill's {@code --busy-time}).
     */
    record Timed(Clock clock, Duration threshold) implements Selector {

        /** What is timed. */
        public enum Clock {
            BLOCKING_FOR("--blocking-for", "has blocked others for "),
            IDLE_IN_TRANSACTION("--idle-in-transaction", "idle in transaction for "),
            IDLE("--idle", "idle for "),
            BUSY("--busy", "running one statement for ");

            private final String option;
            private final String label;

            Clock(String option, String label) {
                this.option = option;
                this.label = label;
            }

            /** The time in seconds, null when it does not apply (not blocking anyone, not idle, not running). */
            Double seconds(SessionFacts f) {
                Session s = f.session();
                return switch (this) {
                    case BLOCKING_FOR -> f.blockingSeconds();
                    case IDLE_IN_TRANSACTION -> s.idleInTransaction() ? s.idleSeconds() : null;
                    case IDLE -> s.busy() ? null : s.idleSeconds();
                    case BUSY -> s.busy() ? s.querySeconds() : null;
                };
            }
        }

        @Override
        public String match(SessionFacts f) {
            Double seconds = clock.seconds(f);
            return seconds != null && seconds >= threshold.toMillis() / 1000.0 ? clock.label + Durations.seconds(seconds) : null;
        }

        @Override
        public String option() {
            return clock.option + " " + OptionDurations.format(threshold);
        }

        @Override
        public boolean aboutLocks() {
            return clock == Clock.BLOCKING_FOR;
        }

        @Override
        public boolean aboutTransaction() {
            return clock == Clock.BLOCKING_FOR || clock == Clock.IDLE_IN_TRANSACTION;
        }
    }

    /**
     * One of these names in one field of the session. User, database and application names are compared exactly
     * (case-sensitive, as the servers compare them). Hosts ignore case, and MySQL shows {@code host:port}: a name
     * matches with or without the port, so {@code --host 10.0.0.5} matches {@code 10.0.0.5:51234}. MySQL and MariaDB
     * do not tell a session's application: {@code --application} matches nothing there.
     */
    record Named(Field field, Set<String> names) implements Selector {
        public Named {
            names = Set.copyOf(names);
        }

        /** The session fields a name selector can look at. */
        public enum Field {
            USER("--user", "user"), HOST("--host", "host"), DATABASE("--database", "database"), APPLICATION("--application", "application");

            private final String option;
            private final String label;

            Field(String option, String label) {
                this.option = option;
                this.label = label;
            }

            String value(Session s) {
                return switch (this) {
                    case USER -> s.user();
                    case HOST -> s.host();
                    case DATABASE -> s.database();
                    case APPLICATION -> s.application();
                };
            }

            boolean matches(String value, String name) {
                if (this != HOST) {
                    return value.equals(name);
                }
                String h = value.toLowerCase(Locale.ROOT);
                String n = name.toLowerCase(Locale.ROOT);
                return h.equals(n) || (h.startsWith(n + ":") && h.substring(n.length() + 1).chars().allMatch(Character::isDigit));
            }
        }

        @Override
        public String match(SessionFacts f) {
            String value = field.value(f.session());
            return value != null && names.stream().anyMatch(n -> field.matches(value, n)) ? field.label + " " + value : null;
        }

        @Override
        public String option() {
            StringBuilder s = new StringBuilder();
            names.stream().sorted().forEach(n -> s.append(s.length() == 0 ? "" : " ").append(field.option).append(' ').append(n));
            return s.toString();
        }
    }

    /**
     * The statement matches this regular expression (found anywhere in it). PostgreSQL shows the last statement of an
     * idle session; MySQL and MariaDB only the running one, so an idle MySQL session never matches.
     */
    record Query(Pattern pattern) implements Selector {
        @Override
        public String match(SessionFacts f) {
            String q = f.session().query();
            return q != null && pattern.matcher(q).find() ? "statement matches /" + pattern.pattern() + "/" : null;
        }

        @Override
        public String option() {
            return "--query " + pattern.pattern();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Query other && other.pattern.pattern().equals(pattern.pattern());
        }

        @Override
        public int hashCode() {
            return pattern.pattern().hashCode();
        }
    }

    private static String sessions(int n) {
        return n + (n == 1 ? " session" : " sessions");
    }

}
