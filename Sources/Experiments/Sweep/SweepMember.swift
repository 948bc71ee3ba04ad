import ArtifactSchema
import CurveAnalysis
import Foundation
import LRFinder
import Synchronization

/// A completed run of a sweep as the group folder uses it, read back from the run's own files:
/// the suggestions from `run.json` and the curve from `metrics.csv`.
///
/// A local sweep and `collect` both build the group from these values, so the two give the same
/// group.json and charts for the same runs. The files hold every number in its shortest
/// round-trip form, so the values equal the ones the run computed.
public struct SweepMember: Sendable, Equatable {
    public let id: String
    public let batchSize: Int
    public let seed: UInt64
    /// One of the complete statuses (`RunStatus.isComplete`).
    public let status: RunStatus
    /// Per method, the suggested learning rate; a method without a suggestion is absent.
    public let suggestions: [SuggestionMethod: Double]
    /// The head's learning rate and the smoothed loss of every batch; nil when the run recorded
    /// no `metrics.csv` (then the overlay has no curve for it).
    public let curve: RecordedCurve?

    public init(id: String, batchSize: Int, seed: UInt64, status: RunStatus, suggestions: [SuggestionMethod: Double],
                curve: RecordedCurve?) {
        self.id = id
        self.batchSize = batchSize
        self.seed = seed
        self.status = status
        self.suggestions = suggestions
        self.curve = curve
    }
}

/// Where a planned run of a sweep stands, from its folder.
public enum SweepRunState: Sendable, Equatable {
    /// No `run.json` yet: not started (or started and not yet written).
    case missing
    /// Finished with the plan's settings.
    case completed(SweepMember)
    /// `running` (still going, or stopped without a trace: killed, or its machine failed),
    /// `interrupted` or `failed`, with the error of a failed run.
    case unfinished(RunStatus, error: String?)
    /// The folder holds a run.json this run cannot use: unreadable, or another run's.
    case unusable(String)

    /// The member, when completed.
    public var member: SweepMember? {
        if case .completed(let member) = self { return member }
        return nil
    }

    /// One short phrase: `completed`, `missing`, `failed: <error>`, ...
    public var summary: String {
        switch self {
        case .missing: return "missing (not started)"
        case .completed(let member): return member.status.rawValue
        case .unfinished(.running, _): return "running (or stopped without a trace)"
        case .unfinished(let status, let error): return status.rawValue + (error.map { ": \($0)" } ?? "")
        case .unusable(let reason): return "unusable: \(reason)"
        }
    }
}

extension SweepPlan {
    /// The state of every run, in the plan's order, read from the run folders (on every core:
    /// each run's files are read and parsed on their own).
    public func runStates() -> [SweepRunState] {
        let jobs = jobs()
        let states = Mutex([SweepRunState](repeating: .missing, count: runs.count))
        DispatchQueue.concurrentPerform(iterations: runs.count) { index in
            let state = state(of: runs[index], job: jobs[index])
            states.withLock { $0[index] = state }
        }
        return states.withLock { $0 }
    }

    /// The state of `run`, whose job is `job`.
    func state(of run: Run, job: RangeTestJob) -> SweepRunState {
        let folder = folder(of: run)
        let manifestPath = Self.join(folder, RunFiles.manifest)
        guard FileManager.default.fileExists(atPath: manifestPath) else { return .missing }
        let manifest: RunManifest
        do {
            manifest = try RunManifest.decode(from: try Data(contentsOf: URL(fileURLWithPath: manifestPath)))
        } catch {
            return .unusable("\(manifestPath): \(error)")
        }
        if let mismatch = Self.mismatch(manifest, run: run, job: job) {
            return .unusable("\(manifestPath) is a run with other settings (\(mismatch)); move the folder out of "
                             + "\(runsFolder) to run this one")
        }
        guard manifest.status.isComplete else { return .unfinished(manifest.status, error: manifest.error) }
        var suggestions: [SuggestionMethod: Double] = [:]
        for method in SuggestionMethod.allCases {
            if let lr = manifest.suggestions?[method.rawValue]?.lr { suggestions[method] = lr }
        }
        let metricsPath = Self.join(folder, RunFiles.metrics)
        var curve: RecordedCurve?
        if FileManager.default.fileExists(atPath: metricsPath) {
            do { curve = try CurveCSVReader.read(path: metricsPath) } catch { return .unusable("\(error)") }
        }
        return .completed(SweepMember(id: run.id, batchSize: run.batchSize, seed: run.seed, status: manifest.status,
                                      suggestions: suggestions, curve: curve))
    }

    /// What in `manifest` says it is not `run`'s, or nil.
    static func mismatch(_ manifest: RunManifest, run: Run, job: RangeTestJob) -> String? {
        let info = RangeTestRunner.runInfo(job, dataSettings: [:])
        if manifest.kind != info.kind { return "kind \(manifest.kind?.rawValue ?? "none")" }
        if manifest.model.name != job.model { return "model \(manifest.model.name ?? "none")" }
        if manifest.batchSize != run.batchSize { return "batch size \(manifest.batchSize.map(String.init) ?? "none")" }
        if manifest.seed != run.seed { return "seed \(manifest.seed.map(String.init) ?? "none")" }
        if manifest.optimizer != info.optimizer { return "another optimizer" }
        if manifest.schedule != info.schedule { return "another learning-rate ladder" }
        if manifest.id != run.id { return "id \(manifest.id)" }
        return nil
    }
}
