import Datasets
import Foundation
import NeuralNet
import TensorCore
import Training

/// Small classification learners on Gaussian blobs, fast enough for debug builds; `TinyProblem`
/// is the regression counterpart.
public enum TestLearners {
    /// Blobs of 4 features in 3 classes, split 80/20 unless `validationFraction` says otherwise.
    public static func blobs(count: Int = 192, seed: UInt64 = 7, validationFraction: Double = 0.2) throws -> DataBundle {
        let data = try SyntheticData.blobs(count: count, classes: 3, features: 4, seed: seed)
        return try DataBundle(dataset: data, validationFraction: validationFraction, seed: seed)
    }

    /// A two-group model (body, head) over 4 features and 3 classes; `extra` layers go first.
    public static func model(seed: UInt64 = 1, extra: [any Layer] = []) -> Sequential {
        var rng = RandomGenerator(seed: seed)
        return Sequential(groups: [LayerGroup(name: "body", layers: extra + [Linear(4, 8, rng: &rng), RandomScaleLayer()]),
                                   LayerGroup(name: "head", layers: [Linear(8, 3, rng: &rng)])])
    }

    /// A learner with SGD (momentum 0.9) over `model` and the blobs.
    public static func learner(model: Sequential = model(), data: DataBundle? = nil, batchSize: Int = 8,
                        seed: UInt64 = 3) throws -> Learner {
        let bundle = try data ?? blobs()
        return Learner(model: model, lossFunction: CrossEntropyLoss(),
                       optimizer: SGD(model: model, learningRate: 0.01, momentum: 0.9),
                       trainLoader: try bundle.trainLoader(batchSize: batchSize, seed: seed),
                       validLoader: try bundle.validLoader(batchSize: batchSize), seed: seed)
    }

    /// Every parameter value and gradient of `model`, flattened, as bit patterns.
    public static func bits(_ model: Sequential) -> [UInt32] {
        model.namedTensors.flatMap { $0.parameter.value.storage.map(\.bitPattern) + $0.parameter.gradient.storage.map(\.bitPattern) }
    }
}
