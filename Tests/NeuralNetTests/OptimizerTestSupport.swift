import NeuralNet
import TensorCore

/// A test-only affine layer `y = x W^T + b` with a running-mean buffer, enough to exercise
/// optimizers, snapshots and checkpoints without the real layers.
final class OptimTestAffine: Layer {
    let weight: Parameter
    let bias: Parameter
    let runningMean: Parameter
    private var lastInput = Tensor(shape: [0])

    init(inputs: Int, outputs: Int) {
        weight = Parameter(name: "weight", value: Tensor(shape: [outputs, inputs]))
        bias = Parameter(name: "bias", value: Tensor(shape: [outputs]))
        runningMean = Parameter(name: "running_mean", value: Tensor(shape: [outputs]))
    }

    var parameters: [Parameter] { [weight, bias] }
    var buffers: [Parameter] { [runningMean] }
    var description: String { "OptimTestAffine(\(weight.value.shape[1]), \(weight.value.shape[0]))" }

    func forward(_ input: Tensor, context: inout ForwardContext) -> Tensor {
        lastInput = input
        let (batch, n, m) = (input.shape[0], weight.value.shape[1], weight.value.shape[0])
        var output = Tensor(shape: [batch, m])
        for b in 0..<batch {
            for o in 0..<m {
                var sum = bias.value.storage[o]
                for i in 0..<n { sum += input.storage[b * n + i] * weight.value.storage[o * n + i] }
                output.storage[b * m + o] = sum
            }
        }
        return output
    }

    func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor {
        let (batch, n, m) = (lastInput.shape[0], weight.value.shape[1], weight.value.shape[0])
        var inputGradient = Tensor(shape: [batch, n])
        for b in 0..<batch {
            for o in 0..<m {
                let d = outputGradient.storage[b * m + o]
                bias.gradient.storage[o] += d
                for i in 0..<n {
                    weight.gradient.storage[o * n + i] += d * lastInput.storage[b * n + i]
                    inputGradient.storage[b * n + i] += d * weight.value.storage[o * n + i]
                }
            }
        }
        return inputGradient
    }

    func resetParameters(using rng: inout RandomGenerator) {
        for p in parameters + buffers {
            for i in 0..<p.value.count { p.value.storage[i] = rng.nextFloat(in: -1, 1) }
        }
    }
}

/// A model with a `body` group of two affine layers and a `head` group of one, seeded values.
func makeOptimTestModel(seed: UInt64 = 1, headOutputs: Int = 3) -> Sequential {
    let model = Sequential(groups: [
        LayerGroup(name: "body", layers: [OptimTestAffine(inputs: 4, outputs: 5),
                                          OptimTestAffine(inputs: 5, outputs: 6)]),
        LayerGroup(name: "head", layers: [OptimTestAffine(inputs: 6, outputs: headOutputs)]),
    ])
    var rng = RandomGenerator(seed: seed)
    model.resetParameters(using: &rng)
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
