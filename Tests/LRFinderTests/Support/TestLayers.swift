import Foundation
import Datasets
import NeuralNet
import TensorCore

/// `y = x W + b` for inputs `[n, inputs]`, small enough to check by hand.
final class AffineLayer: Layer {
    let weight: Parameter
    let bias: Parameter
    private var input = Tensor(shape: [0])

    init(_ inputs: Int, _ outputs: Int, seed: UInt64) {
        var rng = RandomGenerator(seed: seed)
        weight = Parameter(name: "weight", value: Tensor(shape: [inputs, outputs],
                                                         storage: (0..<(inputs * outputs)).map { _ in rng.nextNormal() * 0.3 }))
        bias = Parameter(name: "bias", value: Tensor(shape: [outputs]))
    }

    var parameters: [Parameter] { [weight, bias] }
    var description: String { "Affine(\(weight.value.shape[0]), \(weight.value.shape[1]))" }

    func forward(_ x: Tensor, context: inout ForwardContext) -> Tensor {
        input = x
        let n = x.shape[0], k = weight.value.shape[0], m = weight.value.shape[1]
        var out = Tensor(shape: [n, m])
        for i in 0..<n {
            for j in 0..<m {
                var sum = bias.value.storage[j]
                for p in 0..<k { sum += x.storage[i * k + p] * weight.value.storage[p * m + j] }
                out.storage[i * m + j] = sum
            }
        }
        return out
    }

    func backward(_ g: Tensor, needsInputGradient: Bool) -> Tensor {
        let n = input.shape[0], k = weight.value.shape[0], m = weight.value.shape[1]
        var dx = Tensor(shape: [n, k])
        for i in 0..<n {
            for j in 0..<m {
                let gij = g.storage[i * m + j]
                bias.gradient.storage[j] += gij
                for p in 0..<k {
                    weight.gradient.storage[p * m + j] += input.storage[i * k + p] * gij
                    dx.storage[i * k + p] += weight.value.storage[p * m + j] * gij
                }
            }
        }
        return dx
    }
}

/// Multiplies by random factors in training mode, so a test sees whether the random stream is restored.
final class RandomScaleLayer: Layer {
    private var scales: [Float] = []
    var description: String { "RandomScale" }

    func forward(_ x: Tensor, context: inout ForwardContext) -> Tensor {
        guard context.isTraining else { scales = []; return x }
        scales = (0..<x.count).map { _ in 0.9 + 0.2 * context.rng.nextUnitFloat() }
        var y = x
        for i in 0..<y.count { y.storage[i] *= scales[i] }
        return y
    }

    func backward(_ g: Tensor, needsInputGradient: Bool) -> Tensor {
        guard !scales.isEmpty else { return g }
        var dx = g
        for i in 0..<dx.count { dx.storage[i] *= scales[i] }
        return dx
    }
}

/// Outputs NaN from the forward pass at and after batch `from` (counted over training forwards).
final class PoisonLayer: Layer {
    let from: Int
    private var calls = 0
    init(from: Int) { self.from = from }
    var description: String { "Poison(\(from))" }

    func forward(_ x: Tensor, context: inout ForwardContext) -> Tensor {
        defer { if context.isTraining { calls += 1 } }
        guard context.isTraining, calls >= from else { return x }
        return Tensor(shape: x.shape, repeating: .nan)
    }

    func backward(_ g: Tensor, needsInputGradient: Bool) -> Tensor { g }
}

/// Softmax cross-entropy over `[n, classes]` logits with class-index targets.
final class SoftmaxCrossEntropy: Loss {
    private var probabilities = Tensor(shape: [0])
    private var targets: [Int] = []

    func forward(_ prediction: Tensor, target: Tensor) -> Float {
        let n = prediction.shape[0], c = prediction.shape[1]
        probabilities = prediction
        targets = target.storage.map { Int($0) }
        var total = 0.0
        for i in 0..<n {
            let row = (0..<c).map { prediction.storage[i * c + $0] }
            let top = row.max() ?? 0
            let exps = row.map { expf($0 - top) }
            let sum = exps.reduce(0, +)
            for j in 0..<c { probabilities.storage[i * c + j] = exps[j] / sum }
            total -= Double(logf(max(probabilities.storage[i * c + targets[i]], 1e-30)))
            if row.contains(where: { !$0.isFinite }) { total = .nan }
        }
        return Float(total / Double(n))
    }

    func backward() -> Tensor {
        let n = probabilities.shape[0], c = probabilities.shape[1]
        var g = probabilities
        for i in 0..<n {
            g.storage[i * c + targets[i]] -= 1
            for j in 0..<c { g.storage[i * c + j] /= Float(n) }
        }
        return g
    }
}
