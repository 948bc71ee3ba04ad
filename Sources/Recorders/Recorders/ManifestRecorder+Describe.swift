import ArtifactSchema
import Foundation
import NeuralNet
import Training

extension ManifestRecorder {
    /// How the fit `learner` just ran ended, as a run status: `failed` (with the error's
    /// description) when an error ended it, the outcome of the cancellation that ended it early
    /// (see `status(of:)` for a `Cancellation.Outcome`), otherwise `completed`.
    public static func status(of learner: Learner) -> (RunStatus, error: String?) {
        if let failure = learner.failure { return (.failed, String(describing: failure)) }
        guard let cancellation = learner.fitCancellation else { return (.completed, nil) }
        let status = status(of: cancellation.outcome)
        return (status, status == .failed ? cancellation.reason : nil)
    }

    /// The run status of a fit that a cancellation with `outcome` ended: a planned stop is
    /// `completed`, the others carry their own name (`diverged`, `interrupted`, `failed`,
    /// `cancelled`).
    public static func status(of outcome: Cancellation.Outcome) -> RunStatus {
        switch outcome {
        case .stopped: return .completed
        case .diverged: return .diverged
        case .interrupted: return .interrupted
        case .failed: return .failed
        case .cancelled: return .cancelled
        }
    }

    /// The manifest's description of `model`: layer groups, layer descriptions, parameter counts.
    static func describe(_ model: Sequential, name: String) -> RunManifest.Model {
        let groups = model.groups.map { group in
            RunManifest.Model.Group(name: group.name, layers: group.layers.map(\.description),
                                    parameterCount: group.parameters.reduce(0) { $0 + $1.value.count })
        }
        return RunManifest.Model(name: name, parameterCount: groups.reduce(0) { $0 + $1.parameterCount },
                                 groups: groups)
    }

    /// `given`, completed with what the learner's loaders know (name, counts, class names).
    static func describeData(_ given: RunManifest.DataDescription?, learner: Learner) -> RunManifest.DataDescription {
        let train = learner.trainLoader.dataset
        var data = given ?? RunManifest.DataDescription(name: train.name)
        if data.trainCount == nil { data.trainCount = train.count }
        if data.validationCount == nil { data.validationCount = learner.validLoader?.dataset.count }
        if data.classes == nil, !train.classNames.isEmpty { data.classes = train.classNames }
        return data
    }

    /// `date` in ISO 8601 UTC with whole seconds, such as `2026-11-23T10:00:00Z`.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
