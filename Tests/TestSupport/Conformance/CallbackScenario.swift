import Training

/// One way a fit can go, used to drive a callback through it.
public enum CallbackScenario: CustomStringConvertible, Sendable {
    /// Every epoch runs.
    case success
    /// A callback throws this cancellation; its level picks the moment (see `trigger`).
    case cancellation(Cancellation)
    /// A callback throws `PlantedFailure` from `afterLoss` of the second training batch.
    case failure

    /// Success, one cancellation per level (outcome `.cancelled`), and a failure.
    public static var standard: [CallbackScenario] {
        [.success] + Cancellation.Level.allCases.map { .cancellation(cancellation(at: $0)) } + [.failure]
    }

    /// A fit cancellation with each outcome, for callbacks whose files depend on it (the manifest).
    public static var fitOutcomes: [CallbackScenario] {
        Cancellation.Outcome.allCases.map { .cancellation(.fit($0, reason: "conformance check: \($0.rawValue)")) }
    }

    /// The standard cancellation of `level`.
    public static func cancellation(at level: Cancellation.Level) -> Cancellation {
        Cancellation(level, outcome: .cancelled, reason: "conformance check cancels the \(level.rawValue)")
    }

    /// Where the driving callback throws: early in the fit, after at least one batch was recorded.
    /// `index` is the training iteration, or for validation the batch index in epoch 0.
    ///
    /// Step: `beforeStep` of training iteration 1. Batch and failure: `afterLoss` of iteration 1.
    /// Train: `beforeBatch` of iteration 2. Epoch and fit: `afterBatch` of iteration 2. Validate:
    /// `afterBatch` of the first validation batch. Success: nowhere.
    public var trigger: (event: Event, isTraining: Bool, index: Int)? {
        switch self {
        case .success: return nil
        case .failure: return (.afterLoss, true, 1)
        case .cancellation(let cancellation):
            switch cancellation.level {
            case .step: return (.beforeStep, true, 1)
            case .batch: return (.afterLoss, true, 1)
            case .train: return (.beforeBatch, true, 2)
            case .validate: return (.afterBatch, false, 0)
            case .epoch, .fit: return (.afterBatch, true, 2)
            }
        }
    }

    public var description: String {
        switch self {
        case .success: return "success"
        case .failure: return "failure"
        case .cancellation(let c): return "cancel \(c.level.rawValue) (\(c.outcome.rawValue))"
        }
    }
}

/// The error the `failure` scenario plants.
public struct PlantedFailure: Error, CustomStringConvertible, Equatable {
    public init() {}
    public var description: String { "conformance check: planted failure" }
}
