import NeuralNet
import TensorCore

/// A model with a `body` group (two `Linear` layers and a `BatchNorm1d`, for buffers) and a `head`
/// group of one `Linear`, all drawn from `seed`.
///
/// One training-mode batch from `seed` sets the running statistics, so the buffers differ from
/// seed to seed too.
func makeOptimTestModel(seed: UInt64 = 1, headOutputs: Int = 3) -> Sequential {
    var rng = RandomGenerator(seed: seed)
    let model = Sequential(groups: [
        LayerGroup(name: "body", layers: [Linear(4, 5, rng: &rng), Linear(5, 6, rng: &rng), BatchNorm1d(6)]),
        LayerGroup(name: "head", layers: [Linear(6, headOutputs, rng: &rng)]),
    ])
    var context = ForwardContext(isTraining: true)
    _ = model.forward(randomTensor([8, 4], seed: seed &+ 1000), context: &context)
    return model
}

/// Fills every gradient with values that depend on `step` and the current parameter values, so a
/// resumed run only matches if parameters and optimizer state were restored exactly.
func fillOptimTestGradients(_ parameters: [Parameter], step: Int) {
    var rng = RandomGenerator(seed: UInt64(100 + step))
    for p in parameters {
        for i in 0..<p.value.count {
            p.gradient.storage[i] = 0.5 * p.value.storage[i] + rng.nextFloat(in: -1, 1)
        }
    }
}

/// The bit patterns of every named tensor, for bit-for-bit comparisons.
func optimTestBits(_ model: Sequential) -> [String: [UInt32]] {
    Dictionary(uniqueKeysWithValues: model.namedTensors.map {
        ($0.name, $0.parameter.value.storage.map(\.bitPattern))
    })
}

/// Runs `steps` optimizer steps with gradients from `fillOptimTestGradients`, counting from `start`.
func runOptimTestSteps(_ optimizer: any Optimizer, model: Sequential, from start: Int, count: Int) {
    for step in start..<(start + count) {
        optimizer.zeroGradients()
        fillOptimTestGradients(model.parameters, step: step)
        optimizer.step()
    }
}
