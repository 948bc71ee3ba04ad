import Datasets
import NeuralNet
import TensorCore
import Training

/// The tiny regression problem the test targets share: `y = 2 a - b + 0.5` on a fixed grid of
/// points, a model of two groups (body: an affine layer 2→3, head: 3→1) initialised from a seed,
/// mean squared error and SGD, in batches of 4. Fast in debug builds, learns within a few
/// batches, and is a regression: validation has a loss but no accuracy.
///
/// `TestLearners` is its classification counterpart (blobs in 3 classes, with accuracy).
public enum TinyProblem {
    /// Examples per batch.
    public static let batchSize = 4

    /// `count` grid points starting at `offset` (the validation examples start at 100, so they
    /// differ from the first training ones).
    public static func dataset(count: Int, offset: Int = 0) -> Dataset {
        var x: [Float] = []
        var y: [Float] = []
        for i in 0..<count {
            let a = Float((i + offset) % 7) / 7 - 0.5
            let b = Float((i * 3 + offset) % 5) / 5 - 0.5
            x += [a, b]
            y.append(2 * a - b + 0.5)
        }
        return Dataset(name: "tiny-linear", inputs: Tensor(shape: [count, 2], storage: x),
                       targets: Tensor(shape: [count, 1], storage: y))
    }

    /// The two-group model (`body`, `head`), initialised from `seed`.
    public static func model(seed: UInt64) -> Sequential {
        var rng = RandomGenerator(seed: seed)
        let body = LayerGroup(name: "body", layers: [Linear(2, 3, rng: &rng)])
        let head = LayerGroup(name: "head", layers: [Linear(3, 1, rng: &rng)])
        return Sequential(groups: [body, head])
    }

    /// A learner with `trainBatches` training batches, shuffled from `seed`, and `validBatches`
    /// validation batches (none when 0); the model is initialised from `seed`.
    ///
    /// The optimizer has one parameter group per model group, the head at `lr` and the body at
    /// `bodyLR` (default `lr`), or with `singleGroup` one group named `all` at `lr` (then the
    /// recorders write one learning-rate column).
    public static func learner(trainBatches: Int = 3, validBatches: Int = 2, seed: UInt64 = 0, lr: Float = 0.05,
                               bodyLR: Float? = nil, singleGroup: Bool = false,
                               callbacks: [any Callback] = []) -> Learner {
        let model = model(seed: seed)
        let groups = singleGroup
            ? [ParameterGroup(name: "all", parameters: model.parameters, learningRate: lr)]
            : zip(model.groups, [bodyLR ?? lr, lr]).map { group, rate in
                ParameterGroup(name: group.name, parameters: group.parameters, learningRate: rate)
            }
        let train = DataLoader(dataset: dataset(count: trainBatches * batchSize), batchSize: batchSize,
                               shuffle: true, seed: seed)
        let valid = validBatches == 0 ? nil
            : DataLoader(dataset: dataset(count: validBatches * batchSize, offset: 100), batchSize: batchSize,
                         shuffle: false)
        return Learner(model: model, lossFunction: MeanSquaredError(), optimizer: SGD(groups: groups),
                       trainLoader: train, validLoader: valid, callbacks: callbacks, seed: seed)
    }
}
