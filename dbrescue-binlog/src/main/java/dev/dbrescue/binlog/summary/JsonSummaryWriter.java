package dev.dbrescue.binlog.summary;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dbrescue.binlog.tx.TableChange;
import dev.dbrescue.binlog.tx.Transaction;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON contract of {@code binlog summary} (README, "binlog summary"): snake_case names, times in ISO-8601 UTC. */
public final class JsonSummaryWriter {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private JsonSummaryWriter() {
    }

    public static void write(BinlogSummary s, PrintWriter out) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("files", s.files());
        root.put("server_version", s.serverVersion());
        root.put("flavor", s.mariaDb() ? "mariadb" : "mysql");
        root.put("transactions", s.transactions());
        root.put("rows", s.rows());
        root.put("first_time", s.transactions() == 0 ? null : time(s.firstTime()));
        root.put("last_time", s.transactions() == 0 ? null : time(s.lastTime()));
        root.put("warnings", s.warnings());
        List<Object> suspicious = new ArrayList<>();
        for (Suspicion suspicion : s.suspicious()) {
            Map<String, Object> m = new LinkedHashMap<>();
            List<Object> reasons = new ArrayList<>();
            for (Reason r : suspicion.reasons()) {
                Map<String, Object> rm = new LinkedHashMap<>();
                rm.put("code", r.code());
                rm.put("table", r.table());
                rm.put("kind", r.kind() == null ? null : r.kind().name());
                rm.put("rows", r.rows());
                rm.put("basis", r.basis());
                reasons.add(rm);
            }
            m.put("reasons", reasons);
            m.put("transaction", transaction(suspicion.transaction()));
            suspicious.add(m);
        }
        root.put("suspicious", suspicious);
        root.put("suspicious_dropped", s.suspiciousDropped());
        root.put("not_reversible", s.notReversible().stream().map(JsonSummaryWriter::transaction).toList());
        root.put("not_reversible_count", s.notReversibleCount());
        root.put("recovery", s.plan() == null ? null : plan(s.plan()));
        root.put("largest", s.largest().stream().map(JsonSummaryWriter::transaction).toList());
        List<Object> minutes = new ArrayList<>();
        for (MinuteCount c : s.perMinute()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("minute", time(c.minuteEpochSecond()));
            m.put("table", c.table());
            m.put("inserted", c.inserted());
            m.put("updated", c.updated());
            m.put("deleted", c.deleted());
            minutes.add(m);
        }
        root.put("per_minute", minutes);
        MAPPER.writeValue(out, root);
        out.println();
        out.flush();
    }

    static Map<String, Object> transaction(Transaction tx) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", tx.file());
        m.put("start_position", tx.start());
        m.put("end_position", tx.end());
        m.put("time", time(tx.time()));
        m.put("gtid", tx.gtid());
        m.put("thread_id", tx.threadId());
        m.put("rows", tx.rows());
        m.put("reversible", tx.reversible());
        m.put("statement", tx.statement());
        List<Object> changes = new ArrayList<>();
        for (TableChange c : tx.changes()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("table", c.table());
            cm.put("kind", c.kind().name());
            cm.put("rows", c.rows());
            changes.add(cm);
        }
        m.put("tables", changes);
        return m;
    }

    private static Map<String, Object> plan(RecoveryPlan p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tool", p.tool());
        m.put("file", p.file());
        m.put("stop_position", p.stopPosition());
        m.put("stop_gtid", p.stopGtid());
        m.put("resume_position", p.resumePosition());
        m.put("accident_gtid", p.accident().gtid());
        List<Object> commands = new ArrayList<>();
        for (RecoveryPlan.Command c : p.commands()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("step", c.step());
            cm.put("command", c.line());
            commands.add(cm);
        }
        m.put("commands", commands);
        List<Object> undo = new ArrayList<>();
        for (RecoveryPlan.Command c : p.undoCommands()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("step", c.step());
            cm.put("command", c.line());
            undo.add(cm);
        }
        m.put("undo_commands", undo);
        return m;
    }

    static String time(long epochSecond) {
        return Instant.ofEpochSecond(epochSecond).toString();
    }
}
