package dev.dbrescue.core.render;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dbrescue.core.action.Candidate;
import dev.dbrescue.core.action.KillAction;
import dev.dbrescue.core.action.KillPlan;
import dev.dbrescue.core.action.KillReport;
import dev.dbrescue.core.action.Spared;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON contract of {@code dbrescue kill} (README, "kill"): names documented there never change; new fields may be
 * added. Each selected session carries the fields of {@code locks}' sessions plus {@code reasons}, {@code sql},
 * {@code waitersBehind}, {@code result} (null in a dry run) and {@code detail}.
 */
public final class JsonKillRenderer implements KillRenderer {

    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    private static final ObjectMapper COMPACT = new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private final boolean compact;

    public JsonKillRenderer(boolean compact) {
        this.compact = compact;
    }

    @Override
    public void render(KillReport report, Writer out) throws IOException {
        (compact ? COMPACT : PRETTY).writeValue(out, toMap(report));
        out.write(System.lineSeparator());
        out.flush();
    }

    public static Map<String, Object> toMap(KillReport report) {
        KillPlan plan = report.plan();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("engine", plan.snapshot().server().engine().jsonName());
        root.put("version", plan.snapshot().server().version());
        root.put("capturedAt", plan.snapshot().capturedAt().toString());
        root.put("dryRun", !report.executed());
        root.put("stage", report.stage().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        root.put("policy", plan.policy().describe());
        root.put("mode", plan.policy().mode().jsonName());
        List<Map<String, Object>> selected = new ArrayList<>();
        for (int i = 0; i < plan.selected().size(); i++) {
            selected.add(selected(plan, plan.selected().get(i), i < report.actions().size() ? report.actions().get(i) : null));
        }
        root.put("selected", selected);
        root.put("spared", plan.selection().spared().stream().map(JsonKillRenderer::spared).toList());
        root.put("refusal", plan.refusal());
        root.put("limitations", plan.limitations().stream().map(JsonLocksRenderer::limitation).toList());
        root.put("queryCount", plan.snapshot().queryCount());
        return root;
    }

    private static Map<String, Object> selected(KillPlan plan, Candidate c, KillAction action) {
        Map<String, Object> m = JsonLocksRenderer.session(c.session());
        m.put("waitersBehind", c.facts().waitersBehind());
        m.put("rootBlocker", c.facts().root());
        m.put("reasons", c.reasons());
        m.put("sql", plan.sql(c));
        m.put("result", action == null ? null : action.result().jsonName());
        m.put("detail", action == null ? null : action.detail());
        m.put("at", action == null ? null : action.at().toString());
        return m;
    }

    private static Map<String, Object> spared(Spared s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.session().id());
        m.put("user", s.session().user());
        m.put("host", s.session().host());
        m.put("why", s.why());
        return m;
    }
}
