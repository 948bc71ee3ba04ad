import Datasets
import NeuralNet
import TensorCore
import Training

/// A small regression problem, `y = 3 x0 - 2 x1 + 0.5`, and learners over it.
enum TinyProblem {
    /// `count` examples drawn from `seed`.
    static func dataset(count: Int, seed: UInt64) -> Dataset {
        var rng = RandomGenerator(seed: seed)
        var x: [Float] = []
        var y: [Float] = []
        for _ in 0..<count {
            let a = rng.nextFloat(in: -1, 1), b = rng.nextFloat(in: -1, 1)
            x += [a, b]
            y.append(3 * a - 2 * b + 0.5)
        }
        return Dataset(name: "tiny-linear", inputs: Tensor(shape: [count, 2], storage: x),
                       targets: Tensor(shape: [count, 1], storage: y))
    }

    /// A learner with a body and a head group (two affine layers), `trainBatches` training batches
    /// of 4 examples and `validBatches` validation batches (none when 0).
    static func learner(trainBatches: Int = 3, validBatches: Int = 2, seed: UInt64 = 0, lr: Float = 0.05,
                        callbacks: [any Callback] = []) -> Learner {
        var rng = RandomGenerator(seed: seed)
        let body = LayerGroup(name: "body", layers: [TestAffine(2, 3, rng: &rng)])
        let head = LayerGroup(name: "head", layers: [TestAffine(3, 1, rng: &rng)])
        let model = Sequential(groups: [body, head])
        let optimizer = SGD(model: model, learningRate: lr)
        let train = DataLoader(dataset: dataset(count: trainBatches * 4, seed: seed + 1), batchSize: 4,
                               shuffle: true, seed: seed)
        let valid = validBatches == 0 ? nil
            : DataLoader(dataset: dataset(count: validBatches * 4, seed: seed + 2), batchSize: 4, shuffle: false)
        return Learner(model: model, lossFunction: TestMeanSquaredError(), optimizer: optimizer,
                       trainLoader: train, validLoader: valid, callbacks: callbacks, seed: seed)
    }
}
