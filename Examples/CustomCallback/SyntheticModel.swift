import NeuralNet
import TensorCore

/// `y = x W^T + b`, written against the public `Layer` protocol.
final class AffineLayer: Layer {
    let weight: Parameter, bias: Parameter
    private var input = Tensor(shape: [0])

    init(inputs: Int, outputs: Int, rng: inout RandomGenerator) {
        weight = Parameter(name: "weight", value: Tensor(shape: [outputs, inputs],
                           storage: (0..<outputs * inputs).map { _ in rng.nextFloat(in: -0.5, 0.5) }))
        bias = Parameter(name: "bias", value: Tensor(shape: [outputs]))
    }

    var parameters: [Parameter] { [weight, bias] }
    var description: String { "AffineLayer(\(weight.value.shape[1]), \(weight.value.shape[0]))" }

    func forward(_ x: Tensor, context: inout ForwardContext) -> Tensor {
        input = x
        let (n, k, m) = (x.shape[0], x.shape[1], weight.value.shape[0])
        var y = Tensor(shape: [n, m])
        for i in 0..<n {
            for o in 0..<m {
                var sum = bias.value.storage[o]
                for j in 0..<k { sum += x.storage[i * k + j] * weight.value.storage[o * k + j] }
                y.storage[i * m + o] = sum
            }
        }
        return y
    }

    func backward(_ g: Tensor, needsInputGradient: Bool) -> Tensor {
        let (n, k, m) = (input.shape[0], input.shape[1], weight.value.shape[0])
        for i in 0..<n {
            for o in 0..<m {
                bias.gradient.storage[o] += g.storage[i * m + o]
                for j in 0..<k { weight.gradient.storage[o * k + j] += g.storage[i * m + o] * input.storage[i * k + j] }
            }
        }
        return Tensor(shape: [0])
    }
}

/// Mean squared error.
final class SquaredError: Loss {
    private var difference = Tensor(shape: [0])

    func forward(_ prediction: Tensor, target: Tensor) -> Float {
        difference = Tensor(shape: prediction.shape, storage: zip(prediction.storage, target.storage).map { $0 - $1 })
        return difference.storage.reduce(0) { $0 + $1 * $1 } / Float(difference.count)
    }

    func backward() -> Tensor {
        Tensor(shape: difference.shape, storage: difference.storage.map { 2 * $0 / Float(difference.count) })
    }
}
