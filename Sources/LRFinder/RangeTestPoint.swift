import Training

/// One training batch of a range test as recorded.
public struct RangeTestPoint: Equatable, Sendable {
    /// The training batch, from 0.
    public var iteration: Int
    /// The learning rate of each parameter group, body first, head last.
    public var learningRates: [Float]
    /// The batch's loss.
    public var loss: Float
    /// The learner's smoothed loss after this batch (debiased EMA, beta 0.98).
    public var smoothLoss: Float
    /// The mean loss on the fixed validation batches after this step (validation mode only).
    public var validLoss: Float?

    public init(iteration: Int, learningRates: [Float], loss: Float, smoothLoss: Float, validLoss: Float? = nil) {
        self.iteration = iteration
        self.learningRates = learningRates
        self.loss = loss
        self.smoothLoss = smoothLoss
        self.validLoss = validLoss
    }

    /// The head's (last group's) learning rate, the one curves are plotted against.
    public var learningRate: Float { learningRates.last ?? .nan }
}

/// How a range test ended.
public enum RangeTestOutcome: Equatable, Sendable {
    /// Every rung of the ladder was run.
    case reachedIterations
    /// The smoothed loss exceeded the divergence factor times the best smoothed loss.
    case exceededDivergenceFactor(iteration: Int)
    /// A loss was NaN or infinite.
    case nonFiniteLoss(iteration: Int)
    /// Another callback cancelled the fit (Ctrl-C: outcome `.interrupted`).
    case cancelled(Cancellation)
    /// The fit ended with every epoch run before the last rung (the learner was given too few
    /// epochs; `run(on:)` never does that).
    case dataRanOut(afterBatches: Int)
    /// The fit threw; the description of the error.
    case failed(String)

    /// Whether the test ended by its own rules (all rungs run, or a divergence it detected).
    public var endedByOwnRules: Bool {
        switch self {
        case .reachedIterations, .exceededDivergenceFactor, .nonFiniteLoss: return true
        case .cancelled, .dataRanOut, .failed: return false
        }
    }

    /// Whether a user interrupted the test.
    public var isInterrupted: Bool {
        if case .cancelled(let cancellation) = self { return cancellation.outcome == .interrupted }
        return false
    }
}
