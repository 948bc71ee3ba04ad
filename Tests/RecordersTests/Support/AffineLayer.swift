import NeuralNet
import TensorCore

/// `y = x * w + b` for `[n, inputs]` inputs: the smallest trainable layer, for recorder tests.
final class AffineLayer: Layer {
    let weight: Parameter
    let bias: Parameter
    private var input = Tensor(shape: [0])

    init(inputs: Int, outputs: Int, scale: Float = 0.1) {
        let values = (0..<(inputs * outputs)).map { Float(($0 * 7) % 5 - 2) * scale }
        weight = Parameter(name: "weight", value: Tensor(shape: [inputs, outputs], storage: values))
        bias = Parameter(name: "bias", value: Tensor(shape: [outputs]))
    }

    var parameters: [Parameter] { [weight, bias] }
    var description: String { "Affine(\(weight.value.shape[0]), \(weight.value.shape[1]))" }

    func forward(_ input: Tensor, context: inout ForwardContext) -> Tensor {
        self.input = input
        let (n, k, m) = (input.shape[0], weight.value.shape[0], weight.value.shape[1])
        var output = Tensor(shape: [n, m])
        for row in 0..<n {
            for column in 0..<m {
                var sum = bias.value.storage[column]
                for i in 0..<k { sum += input.storage[row * k + i] * weight.value.storage[i * m + column] }
                output.storage[row * m + column] = sum
            }
        }
        return output
    }

    func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor {
        let (n, k, m) = (input.shape[0], weight.value.shape[0], weight.value.shape[1])
        var inputGradient = Tensor(shape: needsInputGradient ? [n, k] : [0])
        for row in 0..<n {
            for column in 0..<m {
                let g = outputGradient.storage[row * m + column]
                bias.gradient.storage[column] += g
                for i in 0..<k {
                    weight.gradient.storage[i * m + column] += input.storage[row * k + i] * g
                    if needsInputGradient { inputGradient.storage[row * k + i] += weight.value.storage[i * m + column] * g }
                }
            }
        }
        return inputGradient
    }
}
