package dev.dbrescue.core.deadlock.render;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.dbrescue.core.deadlock.Deadlock;
import dev.dbrescue.core.deadlock.DeadlockLock;
import dev.dbrescue.core.deadlock.DeadlockTransaction;
import dev.dbrescue.core.deadlock.LoggedLockWait;
import dev.dbrescue.core.deadlock.ParseWarning;
import dev.dbrescue.core.deadlock.RecordField;
import dev.dbrescue.core.deadlock.analysis.AnalyzedDeadlock;
import dev.dbrescue.core.deadlock.analysis.DeadlockStory;
import dev.dbrescue.core.deadlock.analysis.WaitEdge;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * The JSON contract of {@code dbrescue deadlocks parse} (README): top level {@code deadlocks[]}, {@code lockWaits[]},
 * {@code warnings[]}. Streams: each deadlock is written as soon as it is parsed. {@link #writeFields} is the one
 * place a deadlock becomes JSON, also for {@code deadlocks watch}'s JSON lines.
 */
public final class JsonDeadlockWriter implements DeadlockWriter {

    // Field names quoted once: a name given as a String is escaped again on every write, and names are most of
    // the strings a deadlock writes (every record field has four).
    private static final JsonName F_ENGINE = new JsonName("engine");
    private static final JsonName F_DETECTED_AT = new JsonName("detectedAt");
    private static final JsonName F_TIME_TEXT = new JsonName("timeText");
    private static final JsonName F_PATTERN = new JsonName("pattern");
    private static final JsonName F_FINGERPRINT = new JsonName("fingerprint");
    private static final JsonName F_SHAPE = new JsonName("shape");
    private static final JsonName F_SOURCE = new JsonName("source");
    private static final JsonName F_TRX_ID = new JsonName("trxId");
    private static final JsonName F_USER = new JsonName("user");
    private static final JsonName F_HOST = new JsonName("host");
    private static final JsonName F_STATE = new JsonName("state");
    private static final JsonName F_QUERY = new JsonName("query");
    private static final JsonName F_EXPLANATION = new JsonName("explanation");
    private static final JsonName F_STORY = new JsonName("story");
    private static final JsonName F_REMEDIES = new JsonName("remedies");
    private static final JsonName F_EARLIER = new JsonName("earlierStatements");
    private static final JsonName F_EARLIER_COMPLETE = new JsonName("earlierStatementsComplete");
    private static final JsonName F_TABLE = new JsonName("table");
    private static final JsonName F_INDEX = new JsonName("index");
    private static final JsonName F_MODE = new JsonName("mode");
    private static final JsonName F_KIND = new JsonName("kind");
    private static final JsonName F_OBJECT = new JsonName("object");
    private static final JsonName F_HEX = new JsonName("hex");
    private static final JsonName F_VALUE = new JsonName("value");
    private static final JsonName F_COLUMN = new JsonName("column");
    private static final JsonName F_STARTED_AT = new JsonName("startedAt");
    private static final JsonName F_OUTCOME = new JsonName("outcome");
    private static final JsonName F_TEXT = new JsonName("text");
    private static final JsonName F_LINE = new JsonName("line");
    private static final JsonName F_WAITER = new JsonName("waiter");
    private static final JsonName F_HOLDER = new JsonName("holder");
    private static final JsonName F_ACTIVE_SECONDS = new JsonName("activeSeconds");
    private static final JsonName F_NUMBER = new JsonName("number");
    private static final JsonName F_LENGTH = new JsonName("length");
    private static final JsonName F_WAITED_MS = new JsonName("waitedMs");
    private static final JsonName F_WARNINGS_DROPPED = new JsonName("warningsDropped");
    private static final JsonName F_LOCK_WAITS_DROPPED = new JsonName("lockWaitsDropped");
    private static final JsonName F_TOO_DEEP = new JsonName("tooDeep");
    private static final JsonName F_INFERRED = new JsonName("inferred");
    private static final JsonName F_VICTIM = new JsonName("victim");
    private static final JsonName F_SUPREMUM = new JsonName("supremum");
    private static final JsonName F_DEADLOCKS = new JsonName("deadlocks");
    private static final JsonName F_TRANSACTIONS = new JsonName("transactions");
    private static final JsonName F_EDGES = new JsonName("edges");
    private static final JsonName F_HOLDS = new JsonName("holds");
    private static final JsonName F_FIELDS = new JsonName("fields");
    private static final JsonName F_LOCK_WAITS = new JsonName("lockWaits");
    private static final JsonName F_HOLDERS = new JsonName("holders");
    private static final JsonName F_QUEUE = new JsonName("queue");
    private static final JsonName F_WARNINGS = new JsonName("warnings");
    private static final JsonName F_WAITING_FOR = new JsonName("waitingFor");
    private static final JsonName F_LOCK = new JsonName("lock");
    private static final JsonName F_VICTIM_THREAD_ID = new JsonName("victimThreadId");
    private static final JsonName F_WAITER_THREAD_ID = new JsonName("waiterThreadId");
    private static final JsonName F_HOLDER_THREAD_ID = new JsonName("holderThreadId");
    private static final JsonName F_THREAD_ID = new JsonName("threadId");
    private static final JsonName F_TABLES_IN_USE = new JsonName("tablesInUse");
    private static final JsonName F_TABLES_LOCKED = new JsonName("tablesLocked");
    private static final JsonName F_LOCK_STRUCTS = new JsonName("lockStructs");
    private static final JsonName F_ROW_LOCKS = new JsonName("rowLocks");
    private static final JsonName F_UNDO_ENTRIES = new JsonName("undoEntries");
    private static final JsonName F_PID = new JsonName("pid");

    private final PrettyJson json;

    JsonDeadlockWriter(Writer out) {
        json = new PrettyJson(out);
    }

    @Override
    public void begin() throws IOException {
        json.writeStartObject();
        json.writeFieldName(F_DEADLOCKS);
        json.writeStartArray();
    }

    @Override
    public void deadlock(AnalyzedDeadlock analyzed) throws IOException {
        json.writeStartObject();
        writeFields(json, analyzed);
        json.writeEndObject();
        json.flush();
    }

    /** Writes the fields of one deadlock (not its braces) as {@code deadlocks[]} of the JSON contract has them. */
    public static void writeFields(JsonGenerator json, AnalyzedDeadlock analyzed) throws IOException {
        writeFields(new JacksonOutput(json), analyzed);
    }

    private static void writeFields(JsonOutput json, AnalyzedDeadlock analyzed) throws IOException {
        Deadlock d = analyzed.deadlock();
        json.writeFieldName(F_ENGINE);
        json.writeString(d.engine().jsonName());
        json.writeFieldName(F_DETECTED_AT);
        json.writeString(d.detectedAt() == null ? null : d.detectedAt().toString());
        json.writeFieldName(F_TIME_TEXT);
        json.writeString(d.timeText());
        json.writeFieldName(F_PATTERN);
        json.writeString(analyzed.pattern().jsonName());
        DeadlockStory story = DeadlockStory.of(analyzed);
        json.writeFieldName(F_EXPLANATION);
        json.writeString(analyzed.pattern().explanation());
        writeStrings(json, F_STORY, story.steps());
        writeStrings(json, F_REMEDIES, story.remedies());
        writeNumber(json, F_VICTIM_THREAD_ID, d.victimThreadId());
        json.writeFieldName(F_TOO_DEEP);
        json.writeBoolean(d.tooDeep());
        json.writeFieldName(F_FINGERPRINT);
        json.writeString(analyzed.fingerprint());
        json.writeFieldName(F_SHAPE);
        json.writeString(analyzed.shape());
        json.writeFieldName(F_SOURCE);
        json.writeString(d.source());
        json.writeFieldName(F_LINE);
        json.writeNumber(d.line());
        json.writeFieldName(F_TRANSACTIONS);
        json.writeStartArray();
        for (DeadlockTransaction t : d.transactions()) {
            transaction(json, t);
        }
        json.writeEndArray();
        json.writeFieldName(F_EDGES);
        json.writeStartArray();
        for (WaitEdge e : analyzed.edges()) {
            json.writeStartObject();
            writeNumber(json, F_WAITER_THREAD_ID, d.transactions().get(e.waiter()).threadId());
            writeNumber(json, F_HOLDER_THREAD_ID, d.transactions().get(e.holder()).threadId());
            json.writeFieldName(F_WAITER);
            json.writeNumber(e.waiter());
            json.writeFieldName(F_HOLDER);
            json.writeNumber(e.holder());
            json.writeFieldName(F_INFERRED);
            json.writeBoolean(e.inferred());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void transaction(JsonOutput json, DeadlockTransaction t) throws IOException {
        json.writeStartObject();
        json.writeFieldName(F_TRX_ID);
        json.writeString(t.trxId());
        writeNumber(json, F_THREAD_ID, t.threadId());
        json.writeFieldName(F_USER);
        json.writeString(t.user());
        json.writeFieldName(F_HOST);
        json.writeString(t.host());
        json.writeFieldName(F_STATE);
        json.writeString(t.state());
        if (t.activeSeconds() == null) {
            json.writeFieldName(F_ACTIVE_SECONDS);
            json.writeNull();
        } else {
            json.writeFieldName(F_ACTIVE_SECONDS);
            json.writeNumber(t.activeSeconds());
        }
        writeNumber(json, F_TABLES_IN_USE, t.tablesInUse() == null ? null : t.tablesInUse().longValue());
        writeNumber(json, F_TABLES_LOCKED, t.tablesLocked() == null ? null : t.tablesLocked().longValue());
        writeNumber(json, F_LOCK_STRUCTS, t.lockStructs());
        writeNumber(json, F_ROW_LOCKS, t.rowLocks());
        writeNumber(json, F_UNDO_ENTRIES, t.undoEntries());
        json.writeFieldName(F_QUERY);
        json.writeString(t.query());
        if (t.earlier() != null) {
            // Only with --target: without it the output stays what the report alone says.
            writeStrings(json, F_EARLIER, t.earlier().statements());
            json.writeFieldName(F_EARLIER_COMPLETE);
            json.writeBoolean(t.earlier().complete());
        }
        json.writeFieldName(F_VICTIM);
        json.writeBoolean(t.victim());
        json.writeFieldName(F_WAITING_FOR);
        lock(json, t.waitingFor());
        json.writeFieldName(F_HOLDS);
        json.writeStartArray();
        for (DeadlockLock held : t.holds()) {
            lock(json, held);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void writeStrings(JsonOutput json, JsonName name, List<String> values) throws IOException {
        json.writeFieldName(name);
        json.writeStartArray();
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }

    private static void lock(JsonOutput json, DeadlockLock lock) throws IOException {
        if (lock == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeFieldName(F_TABLE);
        json.writeString(lock.table());
        json.writeFieldName(F_INDEX);
        json.writeString(lock.index());
        json.writeFieldName(F_MODE);
        json.writeString(lock.mode());
        json.writeFieldName(F_KIND);
        json.writeString(lock.kind() == null ? null : lock.kind().jsonName());
        json.writeFieldName(F_SUPREMUM);
        json.writeBoolean(lock.supremum());
        json.writeFieldName(F_OBJECT);
        json.writeString(lock.object());
        json.writeFieldName(F_FIELDS);
        json.writeStartArray();
        for (RecordField f : lock.fields()) {
            json.writeStartObject();
            json.writeFieldName(F_NUMBER);
            json.writeNumber(f.number());
            json.writeFieldName(F_LENGTH);
            json.writeNumber(f.length());
            json.writeFieldName(F_HEX);
            json.writeString(f.hex());
            json.writeFieldName(F_VALUE);
            json.writeString(f.decoded());
            if (f.column() != null) {
                json.writeFieldName(F_COLUMN);
                json.writeString(f.column()); // only with --target: the live schema names it
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    @Override
    public void end(List<LoggedLockWait> lockWaits, long lockWaitsDropped, List<ParseWarning> warnings, long warningsDropped) throws IOException {
        json.writeEndArray();
        json.writeFieldName(F_LOCK_WAITS);
        json.writeStartArray();
        for (LoggedLockWait w : lockWaits) {
            json.writeStartObject();
            json.writeFieldName(F_STARTED_AT);
            json.writeString(w.startedAt() == null ? null : w.startedAt().toString());
            json.writeFieldName(F_TIME_TEXT);
            json.writeString(w.timeText());
            writeNumber(json, F_PID, w.pid());
            json.writeFieldName(F_LOCK);
            lock(json, w.lock());
            json.writeFieldName(F_HOLDERS);
            json.writeStartArray();
            for (Long h : w.holders()) {
                json.writeNumber(h);
            }
            json.writeEndArray();
            json.writeFieldName(F_QUEUE);
            json.writeStartArray();
            for (Long q : w.queue()) {
                json.writeNumber(q);
            }
            json.writeEndArray();
            if (w.waitedMs() == null) {
                json.writeFieldName(F_WAITED_MS);
                json.writeNull();
            } else {
                json.writeFieldName(F_WAITED_MS);
                json.writeNumber(w.waitedMs());
            }
            json.writeFieldName(F_OUTCOME);
            json.writeString(w.outcome());
            json.writeFieldName(F_QUERY);
            json.writeString(w.query());
            json.writeFieldName(F_SOURCE);
            json.writeString(w.source());
            json.writeFieldName(F_LINE);
            json.writeNumber(w.line());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeFieldName(F_WARNINGS);
        json.writeStartArray();
        for (ParseWarning w : warnings) {
            json.writeStartObject();
            json.writeFieldName(F_SOURCE);
            json.writeString(w.source());
            json.writeFieldName(F_LINE);
            json.writeNumber(w.line());
            json.writeFieldName(F_TEXT);
            json.writeString(w.text());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeFieldName(F_WARNINGS_DROPPED);
        json.writeNumber(warningsDropped);
        json.writeFieldName(F_LOCK_WAITS_DROPPED);
        json.writeNumber(lockWaitsDropped);
        json.writeEndObject();
        json.writeRaw(System.lineSeparator());
        json.flush();
    }

    private static void writeNumber(JsonOutput json, JsonName name, Long value) throws IOException {
        json.writeFieldName(name);
        if (value == null) {
            json.writeNull();
        } else {
            json.writeNumber(value.longValue());
        }
    }
}
