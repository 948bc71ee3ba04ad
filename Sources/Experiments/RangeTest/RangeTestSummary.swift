import LRFinder
import CurveAnalysis
import Foundation
import Training

/// The text `train lr-find` prints after a run or a sweep.
public enum RangeTestSummary {
    /// The suggestions table, analysis, verification and run folder of one run.
    public static func single(_ run: RangeTestRun) -> String {
        var lines = ["LR range test \(run.id): \(run.status.rawValue), \(run.points.count) batches", "",
                     "suggestion  lr         loss"]
        for method in SuggestionMethod.allCases {
            let s = run.findings.suggestions[method]
            let name = method.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
            if let lr = s.lr {
                lines.append(name + LRFormat.string(lr).padding(toLength: 11, withPad: " ", startingAt: 0)
                             + LRFormat.loss(s.loss ?? .nan))
            } else {
                lines.append(name + "-          (\(s.reason ?? "not available"))")
            }
        }
        lines += ["", run.findings.summary]
        if let verification = run.verification {
            lines += ["", "verify (\(verification.steps) batches each):", "suggestion  lr         valid_loss  accuracy"]
            for r in verification.results {
                lines.append(r.name.padding(toLength: 12, withPad: " ", startingAt: 0)
                             + LRFormat.string(r.learningRate).padding(toLength: 11, withPad: " ", startingAt: 0)
                             + LRFormat.loss(r.validLoss).padding(toLength: 12, withPad: " ", startingAt: 0)
                             + (r.accuracy.map { ConsoleText.fixed($0, 3) } ?? "-"))
            }
            lines.append(verification.best.map { "best: \($0.name) at \(LRFormat.string($0.learningRate))" }
                         ?? "best: none (every suggestion diverged)")
        }
        lines += ["", "run folder: \(run.directory)"]
        return lines.joined(separator: "\n")
    }

    /// The runs, slopes and group folder of a sweep.
    public static func sweep(_ result: SweepResult) -> String {
        var lines = ["sweep \(result.groupID): \(result.runs.count) runs"
                     + (result.failures.isEmpty ? "" : ", \(result.failures.count) failed")
                     + (result.skipped == 0 ? "" : ", \(result.skipped) skipped after an interrupt"), ""]
        for failure in result.failures { lines.append("failed: \(failure)") }
        lines.append("suggestion  slope (d ln lr / d ln batch size)")
        for method in SuggestionMethod.allCases {
            let name = method.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
            switch result.scaling[method] {
            case .fitted(let fit)?:
                lines.append(name + ConsoleText.fixed(fit.slope, 2) + (fit.slopeStdErr.map { " ± " + ConsoleText.fixed($0, 2) } ?? ""))
            case .unavailable(let reason)?: lines.append(name + "- (\(reason))")
            case nil: lines.append(name + "-")
            }
        }
        lines += ["", "group folder: \(result.groupDirectory)"]
        return lines.joined(separator: "\n")
    }
}
