package dev.dbrescue.core.deadlock.render;

import dev.dbrescue.core.deadlock.Deadlock;
import dev.dbrescue.core.deadlock.DeadlockTransaction;
import dev.dbrescue.core.deadlock.LoggedLockWait;
import dev.dbrescue.core.deadlock.ParseWarning;
import dev.dbrescue.core.deadlock.analysis.AnalyzedDeadlock;
import dev.dbrescue.core.deadlock.analysis.WaitEdge;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Each deadlock's cycle as a graph: one node per transaction, one edge per wait, labelled with the lock mode and
 * what it is on. Mermaid (renders in GitHub, GitLab and most chat tools) or Graphviz DOT. One subgraph per deadlock.
 */
final class GraphDeadlockWriter implements DeadlockWriter {

    enum Syntax { MERMAID, DOT }

    private final Writer out;
    private final Syntax syntax;
    private int count;

    GraphDeadlockWriter(Writer out, Syntax syntax) {
        this.out = out;
        this.syntax = syntax;
    }

    @Override
    public void begin() throws IOException {
        line(syntax == Syntax.MERMAID ? "flowchart LR" : "digraph deadlocks {");
        if (syntax == Syntax.DOT) {
            line("  rankdir=LR;");
            line("  node [shape=box, fontname=\"monospace\"];");
        }
    }

    @Override
    public void deadlock(AnalyzedDeadlock analyzed) throws IOException {
        Deadlock d = analyzed.deadlock();
        count++;
        String title = "Deadlock " + count + ": " + analyzed.pattern().jsonName()
                + (d.timeText() == null ? "" : " at " + d.timeText());
        if (syntax == Syntax.MERMAID) {
            line("  subgraph d" + count + "[\"" + mermaid(title) + "\"]");
        } else {
            line("  subgraph cluster_" + count + " {");
            line("    label=\"" + dot(title) + "\";");
        }
        for (int i = 0; i < d.transactions().size(); i++) {
            DeadlockTransaction t = d.transactions().get(i);
            String label = "T" + (i + 1) + " " + Labels.who(t) + (t.victim() ? " (victim)" : "") + "\n"
                    + Labels.oneLine(t.query(), 60);
            if (syntax == Syntax.MERMAID) {
                line("    " + node(i) + "[\"" + mermaid(label) + "\"]");
            } else {
                line("    " + node(i) + " [label=\"" + dot(label) + "\"" + (t.victim() ? ", style=dashed" : "") + "];");
            }
        }
        for (WaitEdge e : analyzed.edges()) {
            String label = "waits for " + Labels.lock(e.lock());
            if (syntax == Syntax.MERMAID) {
                line("    " + node(e.waiter()) + " -- \"" + mermaid(label) + "\" --> " + node(e.holder()));
            } else {
                line("    " + node(e.waiter()) + " -> " + node(e.holder()) + " [label=\"" + dot(label) + "\"];");
            }
        }
        line(syntax == Syntax.MERMAID ? "  end" : "  }");
        out.flush();
    }

    private String node(int index) {
        return "d" + count + "t" + (index + 1);
    }

    @Override
    public void end(List<LoggedLockWait> lockWaits, long lockWaitsDropped, List<ParseWarning> warnings, long warningsDropped) throws IOException {
        if (syntax == Syntax.DOT) {
            line("}");
        } else if (count == 0) {
            line("  empty[\"No deadlock found\"]");
        }
        out.flush();
    }

    /** Mermaid labels in double quotes: quotes as entities, line breaks as br. */
    private static String mermaid(String s) {
        return s.replace("\"", "#quot;").replace("\n", "<br/>");
    }

    private static String dot(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private void line(String text) throws IOException {
        out.write(text);
        out.write(System.lineSeparator());
    }
}
