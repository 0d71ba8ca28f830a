package dev.dbrescue.core.deadlock.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
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
    private static final SerializableString F_ENGINE = new SerializedString("engine");
    private static final SerializableString F_DETECTED_AT = new SerializedString("detectedAt");
    private static final SerializableString F_TIME_TEXT = new SerializedString("timeText");
    private static final SerializableString F_PATTERN = new SerializedString("pattern");
    private static final SerializableString F_FINGERPRINT = new SerializedString("fingerprint");
    private static final SerializableString F_SHAPE = new SerializedString("shape");
    private static final SerializableString F_SOURCE = new SerializedString("source");
    private static final SerializableString F_TRX_ID = new SerializedString("trxId");
    private static final SerializableString F_USER = new SerializedString("user");
    private static final SerializableString F_HOST = new SerializedString("host");
    private static final SerializableString F_STATE = new SerializedString("state");
    private static final SerializableString F_QUERY = new SerializedString("query");
    private static final SerializableString F_EXPLANATION = new SerializedString("explanation");
    private static final SerializableString F_STORY = new SerializedString("story");
    private static final SerializableString F_REMEDIES = new SerializedString("remedies");
    private static final SerializableString F_EARLIER = new SerializedString("earlierStatements");
    private static final SerializableString F_EARLIER_COMPLETE = new SerializedString("earlierStatementsComplete");
    private static final SerializableString F_TABLE = new SerializedString("table");
    private static final SerializableString F_INDEX = new SerializedString("index");
    private static final SerializableString F_MODE = new SerializedString("mode");
    private static final SerializableString F_KIND = new SerializedString("kind");
    private static final SerializableString F_OBJECT = new SerializedString("object");
    private static final SerializableString F_HEX = new SerializedString("hex");
    private static final SerializableString F_VALUE = new SerializedString("value");
    private static final SerializableString F_COLUMN = new SerializedString("column");
    private static final SerializableString F_STARTED_AT = new SerializedString("startedAt");
    private static final SerializableString F_OUTCOME = new SerializedString("outcome");
    private static final SerializableString F_TEXT = new SerializedString("text");
    private static final SerializableString F_LINE = new SerializedString("line");
    private static final SerializableString F_WAITER = new SerializedString("waiter");
    private static final SerializableString F_HOLDER = new SerializedString("holder");
    private static final SerializableString F_ACTIVE_SECONDS = new SerializedString("activeSeconds");
    private static final SerializableString F_NUMBER = new SerializedString("number");
    private static final SerializableString F_LENGTH = new SerializedString("length");
    private static final SerializableString F_WAITED_MS = new SerializedString("waitedMs");
    private static final SerializableString F_WARNINGS_DROPPED = new SerializedString("warningsDropped");
    private static final SerializableString F_LOCK_WAITS_DROPPED = new SerializedString("lockWaitsDropped");
    private static final SerializableString F_TOO_DEEP = new SerializedString("tooDeep");
    private static final SerializableString F_INFERRED = new SerializedString("inferred");
    private static final SerializableString F_VICTIM = new SerializedString("victim");
    private static final SerializableString F_SUPREMUM = new SerializedString("supremum");
    private static final SerializableString F_DEADLOCKS = new SerializedString("deadlocks");
    private static final SerializableString F_TRANSACTIONS = new SerializedString("transactions");
    private static final SerializableString F_EDGES = new SerializedString("edges");
    private static final SerializableString F_HOLDS = new SerializedString("holds");
    private static final SerializableString F_FIELDS = new SerializedString("fields");
    private static final SerializableString F_LOCK_WAITS = new SerializedString("lockWaits");
    private static final SerializableString F_HOLDERS = new SerializedString("holders");
    private static final SerializableString F_QUEUE = new SerializedString("queue");
    private static final SerializableString F_WARNINGS = new SerializedString("warnings");
    private static final SerializableString F_WAITING_FOR = new SerializedString("waitingFor");
    private static final SerializableString F_LOCK = new SerializedString("lock");
    private static final SerializableString F_VICTIM_THREAD_ID = new SerializedString("victimThreadId");
    private static final SerializableString F_WAITER_THREAD_ID = new SerializedString("waiterThreadId");
    private static final SerializableString F_HOLDER_THREAD_ID = new SerializedString("holderThreadId");
    private static final SerializableString F_THREAD_ID = new SerializedString("threadId");
    private static final SerializableString F_TABLES_IN_USE = new SerializedString("tablesInUse");
    private static final SerializableString F_TABLES_LOCKED = new SerializedString("tablesLocked");
    private static final SerializableString F_LOCK_STRUCTS = new SerializedString("lockStructs");
    private static final SerializableString F_ROW_LOCKS = new SerializedString("rowLocks");
    private static final SerializableString F_UNDO_ENTRIES = new SerializedString("undoEntries");
    private static final SerializableString F_PID = new SerializedString("pid");

    private final JsonGenerator json;

    JsonDeadlockWriter(Writer out) {
        try {
            json = new JsonFactory().createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.setPrettyPrinter(new DefaultPrettyPrinter());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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

    private static void transaction(JsonGenerator json, DeadlockTransaction t) throws IOException {
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

    private static void writeStrings(JsonGenerator json, SerializableString name, List<String> values) throws IOException {
        json.writeFieldName(name);
        json.writeStartArray();
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }

    private static void lock(JsonGenerator json, DeadlockLock lock) throws IOException {
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

    private static void writeNumber(JsonGenerator json, SerializableString name, Long value) throws IOException {
        json.writeFieldName(name);
        if (value == null) {
            json.writeNull();
        } else {
            json.writeNumber(value.longValue());
        }
    }
}
