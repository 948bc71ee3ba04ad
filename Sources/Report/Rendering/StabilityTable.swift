import ArtifactSchema
import CurveAnalysis
import Foundation

/// The values of `partials/stability`: run.json's `stability` as table rows and flag sentences.
enum StabilityTable {
    /// The partial's context, or nil when the run measured no stability.
    static func context(_ stability: RunManifest.Stability?) -> [String: Any]? {
        guard let stability else { return nil }
        var rows: [[String: Any]] = CurveNarrative.orderedSuggestionNames(stability.suggestions.keys).map { name in
            row(name, stability.suggestions[name]!, format: LRFormat.string)
        }
        if let loss = stability.minimumLoss { rows.append(row("lowest loss", loss, format: LRFormat.loss)) }
        let flags: [[String: Any]] = stability.flags.map { flag in
            ["flag": flag.flag,
             "text": (flag.baseline ? "in this run" : "not in this run") + ", in \(flag.reruns) of \(stability.reruns) re-runs"]
        }
        return ["reruns": stability.reruns, "ulps": stability.ulps, "ulpUnit": stability.ulps == 1 ? "unit" : "units",
                "rows": rows, "flags": flags]
    }

    private static func row(_ name: String, _ spread: RunManifest.Stability.ValueSpread,
                            format: (Double) -> String) -> [String: Any] {
        func text(_ value: Double?) -> String { value.map(format) ?? "none" }
        return ["name": name, "baseline": text(spread.baseline), "values": spread.values.map(text).joined(separator: ", "),
                "min": text(spread.min), "max": text(spread.max),
                "ratio": spread.ratio.map { String(format: "%.4g", $0) } ?? "–"]
    }
}
