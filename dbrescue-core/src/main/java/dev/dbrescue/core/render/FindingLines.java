package dev.dbrescue.core.render;

import dev.dbrescue.core.model.Finding;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A finding as text lines: severity, kind and sessions; the summary; each new "why"; the "do". Shared by the text renderers. */
final class FindingLines {

    private FindingLines() {
    }

    /**
     * @param explained explanations already printed for earlier findings, which are not repeated; updated
     * @param idsShown  the most session ids listed; the rest are counted
     */
    static List<String> of(Finding f, Set<String> explained, int idsShown) {
        List<Long> ids = f.sessionIds();
        String shown = ids.isEmpty() ? "-" : String.join(", ", ids.stream().limit(idsShown).map(String::valueOf).toList())
                + (ids.size() > idsShown ? " and " + (ids.size() - idsShown) + " more" : "");
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-8s %s  sessions %s", f.severity().name(), f.kind().jsonName(), shown));
        lines.add("  " + f.summary());
        for (String why : f.explanation()) {
            if (explained.add(why)) {
                lines.add("  why: " + why);
            }
        }
        if (f.action() != null) {
            lines.add("  do:  " + f.action());
        }
        return lines;
    }
}
