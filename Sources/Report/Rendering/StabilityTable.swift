import ArtifactSchema
import CurveAnalysis
import Foundation

/// The values of `partials/stability`: run.json's `stability` as table rows and flag sentences.
enum StabilityTable {
    /// The partial's context, or nil when the run measured no stability.
    static func context(_ stability: RunManifest.Stability?) -> [String: Any]? {
        guard let stability else { return nil }
        let rows: [[String: Any]] = CurveNarrative.orderedSuggestionNames(stability.suggestions.keys).map { name in
            let spread = stability.suggestions[name]!
            return ["name": name, "baseline": text(spread.baseline),
                    "values": spread.values.map(text).joined(separator: ", "),
                    "min": text(spread.min), "max": text(spread.max),
                    "ratio": spread.ratio.map { String(format: "%.3g", $0) } ?? "–"]
        }
        let flags: [[String: Any]] = stability.flags.map { flag in
            ["flag": flag.flag,
             "text": (flag.baseline ? "in this run" : "not in this run") + ", in \(flag.reruns) of \(stability.reruns) re-runs"]
        }
        return ["reruns": stability.reruns, "ulps": stability.ulps, "ulpUnit": stability.ulps == 1 ? "unit" : "units",
                "rows": rows, "flags": flags]
    }

    private static func text(_ lr: Double?) -> String { lr.map(LRFormat.string) ?? "none" }
}
