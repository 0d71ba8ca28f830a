package dev.dbrescue.core.deadlock.analysis;

import dev.dbrescue.core.deadlock.Deadlock;

import java.util.List;

/** A deadlock with what the analysis adds: its pattern, its cycle, its fingerprints. */
public record AnalyzedDeadlock(Deadlock deadlock, DeadlockPattern pattern, List<WaitEdge> edges, String fingerprint,
                               String shape) {

    public AnalyzedDeadlock {
        edges = List.copyOf(edges);
    }

    public static AnalyzedDeadlock of(Deadlock deadlock) {
        List<WaitEdge> edges = DeadlockEdges.of(deadlock);
        DeadlockPattern pattern = DeadlockClassifier.classify(deadlock, edges);
        return new AnalyzedDeadlock(deadlock, pattern, edges, DeadlockFingerprint.identity(deadlock),
                DeadlockFingerprint.shape(deadlock, pattern));
    }
}
