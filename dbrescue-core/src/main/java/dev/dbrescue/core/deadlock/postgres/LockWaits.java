package dev.dbrescue.core.deadlock.postgres;

import dev.dbrescue.core.deadlock.DeadlockLock;
import dev.dbrescue.core.deadlock.LockKind;
import dev.dbrescue.core.deadlock.LoggedLockWait;
import dev.dbrescue.core.deadlock.ParseWarning;
import dev.dbrescue.core.deadlock.TextScan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Links the log_lock_waits lines of each waiting process into one {@link LoggedLockWait}.
 * <p>
 * proc.c {@code ProcSleep} logs, once deadlock_timeout has passed: {@code still waiting for}; then {@code acquired}
 * when the lock is granted; {@code detected deadlock while waiting for} when this process found a cycle (its
 * {@code deadlock detected} error follows); {@code avoided deadlock for ... by rearranging queue order} when it
 * broke a soft cycle by reordering a wait queue (it may still wait: a {@code still waiting} line follows, and later
 * {@code acquired}); {@code failed to acquire} when something else woke it. A wait also ends with the process's
 * {@code canceling statement due to lock timeout} (lock_timeout), {@code ... statement timeout} or
 * {@code ... user request} error, or {@code terminating connection}.
 * <p>
 * Outcomes: {@code acquired}, {@code avoided-deadlock} (acquired after the checker rearranged the queue),
 * {@code deadlock}, {@code timeout} (lock_timeout or statement_timeout), {@code canceled}, {@code failed}, and
 * {@code waiting} for a wait whose end the log does not show. {@code startedAt} is when the wait began: the time
 * of its first line less the milliseconds that line reports. {@code queue} holds the pids ahead of the waiter:
 * the logged {@code Wait queue} lists every waiter head first, the waiter itself included, except after a
 * deadlock, when the victim has already left the queue (then the whole logged queue is kept).
 */
final class LockWaits {

    /** Open waits kept at most (one per waiting process); the oldest beyond this are reported as waiting. */
    static final int DEFAULT_MAX_OPEN = 100_000;

    private static final String ONE_HOLDER = "Process holding the lock: ";
    private static final String HOLDERS = "Processes holding the lock: ";
    private static final String QUEUE = ". Wait queue: ";
    private static final Pattern CONTEXT_TUPLE = Pattern.compile(
            "(?m)^while .*?\\btuple (\\(\\d+,\\d+\\)) in relation \"(.*)\"$");

    private final String source;
    private final Consumer<LoggedLockWait> waits;
    private final Consumer<ParseWarning> warnings;
    private final int maxOpen;
    private final Map<Long, Open> open = new LinkedHashMap<>();
    private boolean overflowWarned;
    private Long lastDeadlockPid;
    private DeadlockLock lastDeadlockLock;

    LockWaits(String source, Consumer<LoggedLockWait> waits, Consumer<ParseWarning> warnings, int maxOpen) {
        this.source = source;
        this.waits = waits;
        this.warnings = warnings;
        this.maxOpen = maxOpen;
    }

    /** A log_lock_waits message; returns false when the message is not one. */
    boolean waitLine(LogEntry entry) {
        return waitLine(entry, null);
    }

    /**
     * As {@link #waitLine(LogEntry)}, with {@code known} the {@link WaitLine} of this same message text when the
     * caller already has it, else null.
     */
    boolean waitLine(LogEntry entry, WaitLine known) {
        WaitLine line = known != null ? known : WaitLine.parse(entry.message());
        if (line == null) {
            return false;
        }
        long pid = line.pid();
        String event = line.event();
        String mode = line.mode();
        String object = line.object();
        double ms = line.ms();
        Open wait = open.get(pid);
        if (wait != null && !(wait.mode.equals(mode) && wait.object.equals(object))) {
            // a new lock while the old wait's end was not logged
            close(pid, "waiting", null);
            wait = null;
        }
        if (wait == null) {
            wait = new Open(entry, pid, mode, object, ms);
            open.put(pid, wait);
            evictBeyondLimit(entry);
        }
        wait.update(entry, ms);
        switch (event) {
            case "acquired" -> close(pid, wait.avoided ? "avoided-deadlock" : "acquired", null);
            case "detected deadlock while waiting for" -> {
                lastDeadlockPid = pid;
                lastDeadlockLock = wait.lock;
                close(pid, "deadlock", null);
            }
            case "failed to acquire" -> close(pid, "failed", null);
            case "avoided deadlock for" -> wait.avoided = true;
            default -> {
                // still waiting
            }
        }
        return true;
    }

    /**
     * An error or fatal message of {@code pid} that ends its statement: closes its open wait with
     * {@code outcome}. A lock timeout with no open wait (lock_timeout shorter than deadlock_timeout, so nothing
     * was logged before) still becomes a wait, with no mode and no start, its lock described by its CONTEXT
     * when there is one.
     */
    void statementEnded(LogEntry entry, String outcome, boolean lockTimeout) {
        Long pid = entry.pid() != null ? entry.pid() : waiterByStatement(entry.statement());
        if (pid != null && open.containsKey(pid)) {
            close(pid, outcome, entry);
        } else if (lockTimeout) {
            // when it began is unknown (startedAt null); timeText is the error's time
            waits.accept(new LoggedLockWait(null, entry.time().text(), pid,
                    lockFromContext(entry.context()), List.of(), List.of(), null, outcome, entry.statement(),
                    source, entry.line()));
        }
    }

    /**
     * When the prefix shows no pid, the error is matched to the one open wait running the same statement; none
     * when several are.
     */
    private Long waiterByStatement(String statement) {
        if (statement == null) {
            return null;
        }
        Long found = null;
        for (Open wait : open.values()) {
            if (statement.equals(wait.query)) {
                if (found != null) {
                    return null;
                }
                found = wait.pid;
            }
        }
        return found;
    }

    /**
     * The lock {@code pid} waited for when it last logged {@code detected deadlock while waiting for}, or null: the
     * victim's wait when the deadlock error has no DETAIL (log_error_verbosity=terse).
     */
    DeadlockLock deadlockWait(Long pid) {
        return pid != null && pid.equals(lastDeadlockPid) ? lastDeadlockLock : null;
    }

    /** Delivers the waits still open when the log ends. */
    void finish() {
        for (Long pid : new ArrayList<>(open.keySet())) {
            close(pid, "waiting", null);
        }
    }

    private void close(long pid, String outcome, LogEntry ending) {
        Open wait = open.remove(pid);
        Double waited = wait.waitedMs;
        if (ending != null && ending.time().subSecond() && wait.startedPrecisely) {
            // the wait went on after its last log_lock_waits line, until this error; with whole-second times
            // (%t, syslog) the difference would be off by up to a second, so the last logged figure stays
            Duration lasted = Duration.between(wait.startedAt, ending.time().instant());
            waited = lasted.getSeconds() * 1e3 + lasted.getNano() / 1e6;
        }
        waits.accept(new LoggedLockWait(wait.startedAt, wait.timeText, pid, wait.lock, wait.holders, wait.queue,
                waited, outcome, wait.query, source, wait.line));
    }

    private void evictBeyondLimit(LogEntry entry) {
        if (open.size() <= maxOpen) {
            return;
        }
        if (!overflowWarned) {
            overflowWarned = true;
            warnings.accept(new ParseWarning(source, entry.line(), "more than " + maxOpen
                    + " lock waits open at once; the oldest are reported as still waiting"));
        }
        while (open.size() > maxOpen) {
            close(open.keySet().iterator().next(), "waiting", null);
        }
    }

    private static DeadlockLock lockFromContext(String context) {
        if (context != null) {
            Matcher m = CONTEXT_TUPLE.matcher(context);
            if (m.find()) {
                return new DeadlockLock(m.group(2), null, null, LockKind.TUPLE, false,
                        "tuple " + m.group(1) + " of relation \"" + m.group(2) + "\"", List.of());
            }
        }
        return new DeadlockLock(null, null, null, LockKind.OTHER, false, null, List.of());
    }

    /**
     * The holder and queue lists of a wait's DETAIL, or null: {@code Process(?:es)? holding the lock: ([\d, ]*)\.
     * Wait queue: ([\d, ]*)\.} found anywhere, read by hand (every lock wait has one).
     */
    static String[] holdersAndQueue(String detail) {
        for (int i = detail.indexOf("Process"); i >= 0; i = detail.indexOf("Process", i + 1)) {
            int holders = detail.startsWith(HOLDERS, i) ? i + HOLDERS.length()
                    : detail.startsWith(ONE_HOLDER, i) ? i + ONE_HOLDER.length() : -1;
            if (holders < 0) {
                continue;
            }
            int holdersEnd = listEnd(detail, holders);
            if (!detail.startsWith(QUEUE, holdersEnd)) {
                continue;
            }
            int queue = holdersEnd + QUEUE.length();
            int queueEnd = listEnd(detail, queue);
            if (detail.startsWith(".", queueEnd)) {
                return new String[] {detail.substring(holders, holdersEnd), detail.substring(queue, queueEnd)};
            }
        }
        return null;
    }

    /** The end of a run of {@code [\d, ]}. */
    private static int listEnd(String s, int from) {
        int i = from;
        while (i < s.length() && (TextScan.isDigit(s.charAt(i)) || s.charAt(i) == ',' || s.charAt(i) == ' ')) {
            i++;
        }
        return i;
    }

    /** The numbers of a list, as {@code \d{1,18}} finds them one after the other. */
    static List<Long> pids(String list) {
        List<Long> pids = new ArrayList<>();
        for (int i = 0; i < list.length(); ) {
            if (!TextScan.isDigit(list.charAt(i))) {
                i++;
                continue;
            }
            int end = Math.min(TextScan.digitsEnd(list, i), i + 18);
            pids.add(Long.parseLong(list, i, end, 10));
            i = end;
        }
        return pids;
    }

    /** A wait being followed. */
    private static final class Open {
        final long pid;
        final String mode;
        final String object;
        final DeadlockLock lock;
        final Instant startedAt;
        final boolean startedPrecisely;
        final String timeText;
        final long line;
        List<Long> holders = List.of();
        List<Long> queue = List.of();
        Double waitedMs;
        String query;
        boolean avoided;

        Open(LogEntry first, long pid, String mode, String object, double ms) {
            this.pid = pid;
            this.mode = mode;
            this.object = object;
            this.lock = LockObjects.lock(mode, object, LockObjects.contextRelation(first.context()));
            Instant at = first.time().instant();
            this.startedAt = at == null ? null : at.minusNanos(Math.round(ms * 1e6));
            this.startedPrecisely = first.time().subSecond();
            this.timeText = first.time().text();
            this.line = first.line();
        }

        /** The logged queue lists every waiter, this one included, head first: keep those ahead of it. */
        private static List<Long> ahead(List<Long> queue, long pid) {
            int self = queue.indexOf(pid);
            return self < 0 ? queue : List.copyOf(queue.subList(0, self));
        }

        void update(LogEntry entry, double ms) {
            waitedMs = ms;
            String[] lists = entry.detail() == null ? null : holdersAndQueue(entry.detail());
            if (lists != null) {
                holders = pids(lists[0]);
                queue = ahead(pids(lists[1]), pid);
            }
            if (query == null) {
                query = entry.statement();
            }
        }
    }
}
