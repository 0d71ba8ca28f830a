package dev.dbrescue.core.analysis.finding;

import dev.dbrescue.core.model.Finding;
import dev.dbrescue.core.model.FindingKind;
import dev.dbrescue.core.model.Limitation;
import dev.dbrescue.core.model.Severity;

import java.util.ArrayList;
import java.util.List;

/** {@code blind-spot}: what the snapshot could not see, said out loud so that silence is never mistaken for health. */
final class BlindSpotDetector implements FindingDetector {

    @Override
    public List<Finding> detect(AnalysisContext context) {
        List<Finding> findings = new ArrayList<>();
        for (Limitation limitation : context.snapshot().limitations()) {
            findings.add(new Finding(FindingKind.BLIND_SPOT, Severity.INFO, List.of(),
                    "Cannot see " + limitation.what() + ": " + limitation.reason(),
                    List.of(), limitation.remedy()));
        }
        return findings;
    }
}
