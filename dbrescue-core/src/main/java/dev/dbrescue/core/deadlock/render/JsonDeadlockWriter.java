package dev.dbrescue.core.deadlock.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.dbrescue.core.deadlock.Deadlock;
import dev.dbrescue.core.deadlock.DeadlockLock;
import dev.dbrescue.core.deadlock.DeadlockTransaction;
import dev.dbrescue.core.deadlock.LoggedLockWait;
import dev.dbrescue.core.deadlock.ParseWarning;
import dev.dbrescue.core.deadlock.RecordField;
import dev.dbrescue.core.deadlock.analysis.AnalyzedDeadlock;
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
        json.writeArrayFieldStart("deadlocks");
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
        json.writeStringField("engine", d.engine().jsonName());
        json.writeStringField("detectedAt", d.detectedAt() == null ? null : d.detectedAt().toString());
        json.writeStringField("timeText", d.timeText());
        json.writeStringField("pattern", analyzed.pattern().jsonName());
        writeNumber(json, "victimThreadId", d.victimThreadId());
        json.writeBooleanField("tooDeep", d.tooDeep());
        json.writeStringField("fingerprint", analyzed.fingerprint());
        json.writeStringField("shape", analyzed.shape());
        json.writeStringField("source", d.source());
        json.writeNumberField("line", d.line());
        json.writeArrayFieldStart("transactions");
        for (DeadlockTransaction t : d.transactions()) {
            transaction(json, t);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("edges");
        for (WaitEdge e : analyzed.edges()) {
            json.writeStartObject();
            writeNumber(json, "waiterThreadId", d.transactions().get(e.waiter()).threadId());
            writeNumber(json, "holderThreadId", d.transactions().get(e.holder()).threadId());
            json.writeNumberField("waiter", e.waiter());
            json.writeNumberField("holder", e.holder());
            json.writeBooleanField("inferred", e.inferred());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void transaction(JsonGenerator json, DeadlockTransaction t) throws IOException {
        json.writeStartObject();
        json.writeStringField("trxId", t.trxId());
        writeNumber(json, "threadId", t.threadId());
        json.writeStringField("user", t.user());
        json.writeStringField("host", t.host());
        json.writeStringField("state", t.state());
        if (t.activeSeconds() == null) {
            json.writeNullField("activeSeconds");
        } else {
            json.writeNumberField("activeSeconds", t.activeSeconds());
        }
        writeNumber(json, "tablesInUse", t.tablesInUse() == null ? null : t.tablesInUse().longValue());
        writeNumber(json, "tablesLocked", t.tablesLocked() == null ? null : t.tablesLocked().longValue());
        writeNumber(json, "lockStructs", t.lockStructs());
        writeNumber(json, "rowLocks", t.rowLocks());
        writeNumber(json, "undoEntries", t.undoEntries());
        json.writeStringField("query", t.query());
        json.writeBooleanField("victim", t.victim());
        json.writeFieldName("waitingFor");
        lock(json, t.waitingFor());
        json.writeArrayFieldStart("holds");
        for (DeadlockLock held : t.holds()) {
            lock(json, held);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void lock(JsonGenerator json, DeadlockLock lock) throws IOException {
        if (lock == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeStringField("table", lock.table());
        json.writeStringField("index", lock.index());
        json.writeStringField("mode", lock.mode());
        json.writeStringField("kind", lock.kind() == null ? null : lock.kind().jsonName());
        json.writeBooleanField("supremum", lock.supremum());
        json.writeStringField("object", lock.object());
        json.writeArrayFieldStart("fields");
        for (RecordField f : lock.fields()) {
            json.writeStartObject();
            json.writeNumberField("number", f.number());
            json.writeNumberField("length", f.length());
            json.writeStringField("hex", f.hex());
            json.writeStringField("value", f.decoded());
            if (f.column() != null) {
                json.writeStringField("column", f.column()); // only with --target: the live schema names it
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    @Override
    public void end(List<LoggedLockWait> lockWaits, List<ParseWarning> warnings, long warningsDropped) throws IOException {
        json.writeEndArray();
        json.writeArrayFieldStart("lockWaits");
        for (LoggedLockWait w : lockWaits) {
            json.writeStartObject();
            json.writeStringField("startedAt", w.startedAt() == null ? null : w.startedAt().toString());
            json.writeStringField("timeText", w.timeText());
            writeNumber(json, "pid", w.pid());
            json.writeFieldName("lock");
            lock(json, w.lock());
            json.writeArrayFieldStart("holders");
            for (Long h : w.holders()) {
                json.writeNumber(h);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("queue");
            for (Long q : w.queue()) {
                json.writeNumber(q);
            }
            json.writeEndArray();
            if (w.waitedMs() == null) {
                json.writeNullField("waitedMs");
            } else {
                json.writeNumberField("waitedMs", w.waitedMs());
            }
            json.writeStringField("outcome", w.outcome());
            json.writeStringField("query", w.query());
            json.writeStringField("source", w.source());
            json.writeNumberField("line", w.line());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("warnings");
        for (ParseWarning w : warnings) {
            json.writeStartObject();
            json.writeStringField("source", w.source());
            json.writeNumberField("line", w.line());
            json.writeStringField("text", w.text());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeNumberField("warningsDropped", warningsDropped);
        json.writeEndObject();
        json.writeRaw(System.lineSeparator());
        json.flush();
    }

    private static void writeNumber(JsonGenerator json, String name, Long value) throws IOException {
        if (value == null) {
            json.writeNullField(name);
        } else {
            json.writeNumberField(name, value);
        }
    }
}
