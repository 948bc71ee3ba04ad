import ArtifactSchema
import LRFinder
import Recorders

/// The outcome of training briefly at each suggested learning rate (`--verify`).
public struct SuggestionVerification: Equatable, Sendable {
    public struct Result: Equatable, Sendable {
        /// The suggestion's name, such as `valley`.
        public var name: String
        public var learningRate: Double
        /// The loss on the validation data after training (NaN or infinite when it diverged).
        public var validLoss: Double
        public var accuracy: Double?

        public init(name: String, learningRate: Double, validLoss: Double, accuracy: Double?) {
            self.name = name
            self.learningRate = learningRate
            self.validLoss = validLoss
            self.accuracy = accuracy
        }
    }

    /// Training batches run at each learning rate.
    public var steps: Int
    public var results: [Result]

    public init(steps: Int, results: [Result]) {
        self.steps = steps
        self.results = results
    }

    /// The suggestion with the lowest finite validation loss (the first of equals), nil when all diverged.
    public var best: Result? {
        results.filter(\.validLoss.isFinite).min { $0.validLoss < $1.validLoss }
    }

    /// The manifest's `verify` member.
    public var manifestMember: RunManifest.Verify {
        RunManifest.Verify(steps: steps, results: results.map {
            RunManifest.Verify.Result(suggestion: $0.name, lr: $0.learningRate, validLoss: $0.validLoss, accuracy: $0.accuracy)
        }, best: best?.name)
    }
}
