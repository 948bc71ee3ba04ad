import NeuralNet
import TensorCore

/// A test-local fully connected layer `y = x W^T + b` (the real `Linear` lives in NeuralNet).
final class TestAffine: Layer {
    let weight: Parameter
    let bias: Parameter
    let inputs: Int
    let outputs: Int
    private var lastInput = Tensor(shape: [0])

    init(_ inputs: Int, _ outputs: Int, rng: inout RandomGenerator) {
        self.inputs = inputs
        self.outputs = outputs
        let bound = 1 / Float(inputs).squareRoot()
        weight = Parameter(name: "weight", value: Tensor(shape: [outputs, inputs],
                                                         storage: (0..<outputs * inputs).map { _ in rng.nextFloat(in: -bound, bound) }))
        bias = Parameter(name: "bias", value: Tensor(shape: [outputs], storage: (0..<outputs).map { _ in rng.nextFloat(in: -bound, bound) }))
    }

    var parameters: [Parameter] { [weight, bias] }
    var description: String { "TestAffine(\(inputs), \(outputs))" }

    func forward(_ input: Tensor, context: inout ForwardContext) -> Tensor {
        lastInput = input
        let n = input.shape[0]
        var out = Tensor(shape: [n, outputs])
        for i in 0..<n {
            for o in 0..<outputs {
                var sum = bias.value.storage[o]
                for k in 0..<inputs { sum += input.storage[i * inputs + k] * weight.value.storage[o * inputs + k] }
                out.storage[i * outputs + o] = sum
            }
        }
        return out
    }

    func backward(_ g: Tensor, needsInputGradient: Bool) -> Tensor {
        let n = g.shape[0]
        var dx = Tensor(shape: [n, inputs])
        for i in 0..<n {
            for o in 0..<outputs {
                let go = g.storage[i * outputs + o]
                bias.gradient.storage[o] += go
                for k in 0..<inputs {
                    weight.gradient.storage[o * inputs + k] += go * lastInput.storage[i * inputs + k]
                    dx.storage[i * inputs + k] += go * weight.value.storage[o * inputs + k]
                }
            }
        }
        return needsInputGradient ? dx : Tensor(shape: [0])
    }
}

/// Test-local mean squared error over all elements.
final class TestMeanSquaredError: Loss {
    private var difference: [Float] = []
    private var shape: [Int] = []

    func forward(_ prediction: Tensor, target: Tensor) -> Float {
        shape = prediction.shape
        difference = zip(prediction.storage, target.storage).map { $0 - $1 }
        return difference.reduce(0) { $0 + $1 * $1 } / Float(max(difference.count, 1))
    }

    func backward() -> Tensor {
        let scale = 2 / Float(max(difference.count, 1))
        return Tensor(shape: shape, storage: difference.map { $0 * scale })
    }
}
