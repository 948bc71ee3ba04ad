// Trains a tiny regression model on synthetic data with a user-defined callback.
//
// Run: swift run custom-callback-example
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Datasets
import NeuralNet
import TensorCore
import Training

/// `count` points of `y = 3 a - 2 b + 0.5` with inputs drawn from `seed`.
func syntheticData(count: Int, seed: UInt64) -> Dataset {
    var rng = RandomGenerator(seed: seed)
    var inputs: [Float] = [], targets: [Float] = []
    for _ in 0..<count {
        let a = rng.nextFloat(in: -1, 1), b = rng.nextFloat(in: -1, 1)
        inputs += [a, b]
        targets.append(3 * a - 2 * b + 0.5)
    }
    return Dataset(name: "synthetic-linear", inputs: Tensor(shape: [count, 2], storage: inputs),
                   targets: Tensor(shape: [count, 1], storage: targets))
}

var rng = RandomGenerator(seed: 0)
let model = Sequential([AffineLayer(inputs: 2, outputs: 1, rng: &rng)])
let optimizer = SGD(model: model, learningRate: 0.1, momentum: 0.9)
let logger = GradientNormLogger(every: 10)
let learner = Learner(
    model: model, lossFunction: SquaredError(), optimizer: optimizer,
    trainLoader: DataLoader(dataset: syntheticData(count: 256, seed: 1), batchSize: 16, shuffle: true, seed: 0),
    validLoader: DataLoader(dataset: syntheticData(count: 64, seed: 2), batchSize: 32, shuffle: false),
    callbacks: [logger, ParameterScheduler.cosineAnnealing(maxLR: 0.1, minLR: 0.001), TerminateOnNonFinite()])

do {
    try learner.fit(epochs: 3)
} catch {
    print("training failed: \(error)")
    exit(1)
}
print("largest gradient norm \(logger.largestNorm)")
print("custom callback saw \(logger.batchesSeen) batches")
