import Datasets
import Foundation
import NeuralNet
import TensorCore
import Training

/// A loss that ignores the model and returns given values, one per forward call, so a test
/// decides exactly which losses the learner's smoother sees.
///
/// Its gradient is zero, so the weights never move. Past the end of the script it returns NaN:
/// a test that runs off its script sees a non-finite loss (and a failed assertion), not a crash.
public final class ScriptedLoss: Loss {
    public let script: [Float]
    /// Forward calls so far.
    private(set) var calls = 0
    private var predictionShape: [Int] = [0]

    public init(_ script: [Float]) {
        self.script = script
    }

    public func forward(_ prediction: Tensor, target: Tensor) -> Float {
        defer { calls += 1 }
        predictionShape = prediction.shape
        return calls < script.count ? script[calls] : .nan
    }

    public func backward() -> Tensor { Tensor(shape: predictionShape) }

    /// The raw losses whose debiased EMA (`LossSmoother`, beta 0.98) is `smoothed`, point by point.
    ///
    /// Inverts `s_n = a_n / (1 - beta^n)` with `a_n = beta * a_(n-1) + (1 - beta) * loss_n`. The
    /// losses are rounded to `Float`, so the smoother gives `smoothed` back to about 1e-7 relative.
    public static func losses(smoothingTo smoothed: [Double], beta: Double = 0.98) -> [Float] {
        var previous = 0.0
        return smoothed.enumerated().map { index, value in
            let average = value * (1 - pow(beta, Double(index + 1)))
            defer { previous = average }
            return Float((average - beta * previous) / (1 - beta))
        }
    }

    /// What `LossSmoother` makes of `losses`, value by value.
    public static func smoothed(_ losses: [Float]) -> [Float] {
        var smoother = LossSmoother()
        return losses.map { smoother.add($0) }
    }
}

extension TestLearners {
    /// A learner on the blobs (batches of 8) whose training losses are `script`, one per batch.
    public static func scripted(_ script: [Float]) throws -> Learner {
        let model = model()
        let bundle = try blobs()
        return Learner(model: model, lossFunction: ScriptedLoss(script),
                       optimizer: SGD(model: model, learningRate: 0.01, momentum: 0.9),
                       trainLoader: try bundle.trainLoader(batchSize: 8, seed: 3),
                       validLoader: try bundle.validLoader(batchSize: 8), seed: 3)
    }
}
