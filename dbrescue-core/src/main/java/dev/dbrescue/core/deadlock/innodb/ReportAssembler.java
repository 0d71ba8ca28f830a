package dev.dbrescue.core.deadlock.innodb;

import dev.dbrescue.core.render.Texts;
import dev.dbrescue.core.deadlock.Deadlock;
import dev.dbrescue.core.deadlock.DeadlockSink;
import dev.dbrescue.core.deadlock.ParseWarning;
import dev.dbrescue.core.model.Engine;

import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The state machine: lines in, deadlocks out. Outside a report it only looks for a report's start
 * ({@code LATEST DETECTED DEADLOCK}, the error log's {@code Transactions deadlock detected}, a bare
 * {@code *** (1) TRANSACTION:}); inside one it hands each line to the parser of the current section, chosen by the
 * section's title from {@link #SECTIONS}. Only the current report is kept in memory, plus the keys of the last
 * {@value #REMEMBERED_REPORTS} reports, so that a status printed again (the same LATEST DETECTED DEADLOCK in every
 * sample) gives its deadlock once.
 */
final class ReportAssembler {

    /** Section titles of SHOW ENGINE INNODB STATUS: after a line of dashes, one of these ends a deadlock section. */
    private static final Set<String> STATUS_TITLES = Set.of("BACKGROUND THREAD", "SEMAPHORES",
            "LATEST FOREIGN KEY ERROR", "LATEST DETECTED DEADLOCK", "TRANSACTIONS", "FILE I/O",
            "INSERT BUFFER AND ADAPTIVE HASH INDEX", "LOG", "BUFFER POOL AND MEMORY", "INDIVIDUAL BUFFER POOL INFO",
            "ROW OPERATIONS", "END OF INNODB MONITOR OUTPUT");

    private static final String LATEST = "LATEST DETECTED DEADLOCK";
    private static final String LOG_HEADING = "deadlock detected, dumping detailed information";
    private static final int WARNING_TEXT = 200;
    private static final int REMEMBERED_REPORTS = 1024;

    /** The registry: which parser reads the section a title opens. */
    private interface SectionFactory {
        SectionParser open(DeadlockDraft draft, Marker marker);
    }

    private static final Map<Marker.Kind, SectionFactory> SECTIONS = Map.of(
            Marker.Kind.TRANSACTION, (d, m) -> new TransactionSection(d, d.openTransaction(m.number())),
            Marker.Kind.HOLDS, (d, m) -> new LockSection(d, d.transaction(m.number()), LockSection.Role.HOLDS),
            Marker.Kind.WAITING, (d, m) -> new LockSection(d, d.transaction(m.number()), LockSection.Role.WAITING),
            Marker.Kind.CONFLICTING, (d, m) -> {
                d.saysMariaDb = true;
                return new LockSection(d, d.transaction(null), LockSection.Role.CONFLICTING);
            });

    private final String source;
    private final DeadlockSink sink;
    private DeadlockDraft draft;
    private SectionParser section;
    private String heldDashes;
    private long heldDashesLine;
    private String previous = "";
    private boolean inputSaysMariaDb;
    private Pending pending;
    private final Set<String> reported = new LinkedHashSet<>();

    /** A MariaDB report whose victim was printed as (0): waiting for the TRANSACTIONS section that follows it. */
    private static final class Pending {
        final DeadlockDraft draft;
        final Set<String> present = new HashSet<>();
        boolean inTransactions;

        Pending(DeadlockDraft draft) {
            this.draft = draft;
        }
    }

    ReportAssembler(String source, DeadlockSink sink) {
        this.source = source;
        this.sink = sink;
    }

    void line(long number, String text) {
        LogLine log = LogLine.parse(text);
        if (log != null) {
            logLine(number, log);
        } else {
            textLine(number, text);
        }
        previous = text;
    }

    void end(long lastLine) {
        if (draft != null) {
            finish(lastLine, "the input ends");
        }
        resolvePending();
    }

    /**
     * A line broke a parser (a bug, or input nothing was made for): the report being read is given up with a
     * warning, and reading goes on with the next line.
     */
    void recover(long number, RuntimeException e) {
        warn(number, "could not read this line (" + e + ")" + (draft == null ? ""
                : "; the deadlock report of line " + draft.line + " is dropped"));
        draft = null;
        section = null;
        heldDashes = null;
    }

    void warn(long line, String text) {
        sink.warning(new ParseWarning(source, line, text));
    }

    private void logLine(long number, LogLine log) {
        String message = log.message();
        // "Transactions deadlock detected, ..." (5.7+, MariaDB) or "transactions deadlock detected, ..." (5.5/5.6)
        if (message.contains(LOG_HEADING)) {
            if (draft != null) {
                finish(number, "a new deadlock report starts");
            }
            resolvePending();
            draft = new DeadlockDraft(source, number, true);
            draft.time = log.time();
            draft.requesterThread = log.threadId();
            section = new HeadingSection(draft);
            return;
        }
        if (draft == null) {
            if (message.contains("MariaDB")) {
                inputSaysMariaDb = true;
            }
            return;
        }
        if (message.isBlank() || !log.innoDb()) {
            // an empty message carries a title on the next line; other threads' messages may interleave
            return;
        }
        if (message.startsWith("*** ") || looksLikeReport(message)) {
            inDraft(number, message);
        } else {
            finish(number, "another InnoDB message follows");
        }
    }

    private static boolean looksLikeReport(String m) {
        return m.startsWith("TRANSACTION ") || m.startsWith("mysql tables in use") || m.startsWith("LOCK WAIT ")
                || m.startsWith("MySQL thread id") || m.startsWith("MariaDB thread id") || m.startsWith("RECORD LOCKS ")
                || m.startsWith("TABLE LOCK ") || m.startsWith("Record lock, heap no") || m.contains("lock struct(s)")
                || m.contains(HeadingSection.TOO_DEEP) || RecordDump.isFieldLine(m);
    }

    private void textLine(long number, String text) {
        if (draft != null) {
            if (heldDashes != null) {
                String dashes = heldDashes;
                heldDashes = null;
                if (STATUS_TITLES.contains(text.strip())) {
                    finish(heldDashesLine, "the next section of the status output starts");
                    outside(number, text);
                    return;
                }
                inDraft(heldDashesLine, dashes);
                if (draft == null) {
                    outside(number, text);
                    return;
                }
            }
            boolean dashes = HeadingSection.isDashes(text);
            if (dashes && !(section instanceof HeadingSection)) {
                heldDashes = text;
                heldDashesLine = number;
                return;
            }
            if (text.contains("INNODB MONITOR OUTPUT")
                    || text.contains(LATEST) && text.strip().equals(LATEST)) {
                finish(number, "a new status output starts");
                outside(number, text);
                return;
            }
            if (section instanceof HeadingSection && dashes && HeadingSection.isDashes(previous)) {
                // LATEST DETECTED DEADLOCK followed by an empty section
                heldDashes = text;
                heldDashesLine = number;
                return;
            }
            inDraft(number, text);
            return;
        }
        outside(number, text);
    }

    private void outside(long number, String text) {
        String stripped = text.strip();
        if (pending != null) {
            if (STATUS_TITLES.contains(stripped) && HeadingSection.isDashes(previous)) {
                if (stripped.equals("TRANSACTIONS")) {
                    pending.inTransactions = true;
                } else {
                    resolvePending();
                }
            } else if (pending.inTransactions && text.startsWith("---TRANSACTION ")) {
                int comma = text.indexOf(',');
                if (comma > 15) {
                    pending.present.add(TransactionLines.trxId(text.substring(15, comma).strip()));
                }
            }
        }
        if (stripped.equals(LATEST)) {
            resolvePending();
            draft = new DeadlockDraft(source, number, false);
            section = new HeadingSection(draft);
            return;
        }
        if (text.startsWith("*** ")) {
            Marker marker = Marker.parse(text);
            if (marker != null && marker.kind() == Marker.Kind.TRANSACTION) {
                // a report without its heading (an excerpt, or a log whose heading line was lost)
                resolvePending();
                draft = new DeadlockDraft(source, number, false);
                section = new HeadingSection(draft);
                inDraft(number, text);
                return;
            }
        }
        if (!inputSaysMariaDb && text.contains("MariaDB")) {
            inputSaysMariaDb = true;
        }
    }

    private void inDraft(long number, String text) {
        Marker marker = text.startsWith("*** ") ? Marker.parse(text) : null;
        if (marker == null) {
            if (!section.accept(text)) {
                warn(number, "not understood in the deadlock report of line " + draft.line + ": "
                        + abbreviate(text));
            }
            return;
        }
        section.close();
        if (marker.kind() == Marker.Kind.ROLL_BACK) {
            draft.victimNumber = marker.number();
            draft.victimLine = number;
            finish(number, null);
            return;
        }
        if (marker.kind() == Marker.Kind.TRANSACTION && !draft.transactions.isEmpty()
                && (marker.number() == null ? !draft.tooDeep : marker.number() >= 1
                && marker.number() <= draft.transactions.size()
                && draft.transactions.get(marker.number() - 1).trxId != null)) {
            // the next report begins before this one ended
            finish(number, "a new deadlock report starts");
            draft = new DeadlockDraft(source, number, false);
        }
        section = SECTIONS.get(marker.kind()).open(draft, marker);
    }

    /** Ends the current report; {@code why} is null when it ended normally (its victim line). */
    private void finish(long number, String why) {
        DeadlockDraft d = draft;
        section.close();
        draft = null;
        section = null;
        heldDashes = null;
        if (d.transactions.isEmpty() && d.time == null && !d.tooDeep) {
            return;
        }
        if (why != null && !d.complete()) {
            warn(number, "the deadlock report of line " + d.line + " is incomplete (" + why
                    + " before its victim line): kept what was read");
        }
        boolean mariaDb = d.saysMariaDb || inputSaysMariaDb;
        if (mariaDb && Integer.valueOf(0).equals(d.victimNumber) && !d.fromLog) {
            resolvePending();
            pending = new Pending(d);
            return;
        }
        emit(d, mariaDb, null);
    }

    private void resolvePending() {
        if (pending != null) {
            Pending p = pending;
            pending = null;
            emit(p.draft, true, p.inTransactions ? p.present : null);
        }
    }

    private void emit(DeadlockDraft d, boolean mariaDb, Set<String> present) {
        Engine engine = mariaDb ? Engine.MARIADB : Engine.MYSQL;
        String key = d.key(engine);
        if (reported.contains(key) && !d.fromLog) {
            // the same LATEST DETECTED DEADLOCK again: another status sample (pt-stalk), or the monitor output that
            // innodb_status_output writes to the error log after the deadlock's own dump
            return;
        }
        if (d.complete() && reported.add(key) && reported.size() > REMEMBERED_REPORTS) {
            Iterator<String> oldest = reported.iterator();
            oldest.next();
            oldest.remove();
        }
        VictimResolver.Decision victim = VictimResolver.decide(d, mariaDb, present);
        if (victim.warning() != null) {
            warn(d.victimLine > 0 ? d.victimLine : d.line, victim.warning());
        }
        Deadlock deadlock = d.build(engine, victim.index());
        sink.deadlock(deadlock);
    }

    private static String abbreviate(String text) {
        String t = text.strip();
        return Texts.cut(t, WARNING_TEXT);
    }
}
