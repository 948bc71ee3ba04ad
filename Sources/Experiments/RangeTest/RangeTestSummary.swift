import ArtifactSchema
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

    /// `1 run`, `6 runs`.
    static func runs(_ count: Int) -> String { count == 1 ? "1 run" : "\(count) runs" }

    /// The table of fitted slopes of a sweep's group, one line per suggestion method.
    public static func slopes(_ scaling: [SuggestionMethod: ScalingOutcome]) -> [String] {
        var lines = ["suggestion  slope (d ln lr / d ln batch size)"]
        for method in SuggestionMethod.allCases {
            let name = method.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
            switch scaling[method] {
            case .fitted(let fit)?:
                lines.append(name + ConsoleText.fixed(fit.slope, 2) + (fit.slopeStdErr.map { " ± " + ConsoleText.fixed($0, 2) } ?? "")
                    + (fit.slopeInterval.map { "  (\(Int(($0.level * 100).rounded()))% seed bootstrap \(ConsoleText.fixed($0.lower, 2)) to \(ConsoleText.fixed($0.upper, 2)))" } ?? ""))
            case .unavailable(let reason)?: lines.append(name + "- (\(reason))")
            case nil: lines.append(name + "-")
            }
        }
        return lines
    }

    /// The runs, slopes and group folder of a sweep, or what a shard of it ran.
    public static func sweep(_ result: SweepResult) -> String {
        let subject = result.shard.isWhole ? "sweep \(result.groupID)" : "shard \(result.shard) of sweep \(result.groupID)"
        let total = result.alreadyCompleted + result.runs.count + result.failures.count + result.skipped
        var counts = result.alreadyCompleted == 0 ? runs(result.runs.count)
            : "\(runs(total)) (\(result.alreadyCompleted) already completed, \(result.runs.count) run now)"
        if !result.failures.isEmpty { counts += ", \(result.failures.count) failed" }
        if result.skipped > 0 { counts += ", \(result.skipped) skipped after an interrupt" }
        var lines = ["\(subject): \(counts)", ""]
        guard let collection = result.collection else {
            for failure in result.failures { lines.append("failed: \(failure)") }
            for run in result.interrupted { lines.append("interrupted: \(run.id)") }
            if !result.isComplete { lines.append("run the shard again to redo the runs not completed") }
            lines += ["the group is written once every shard has run: train sweep collect \(result.groupDirectory)"]
            return lines.joined(separator: "\n")
        }
        let incomplete = collection.incomplete
        if !incomplete.isEmpty {
            lines.append("not in the group (\(incomplete.count) of \(runs(collection.plan.runs.count)); run the sweep "
                         + "again to redo them):")
            for (run, state) in incomplete { lines.append("  \(run.id): \(state.summary)") }
        }
        if lines.count > 2 { lines.append("") }
        lines += slopes(result.scaling)
        lines += ["", "group folder: \(result.groupDirectory)"]
        return lines.joined(separator: "\n")
    }
}
