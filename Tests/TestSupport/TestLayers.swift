import NeuralNet
import TensorCore

/// Multiplies by random factors in training mode, so a test sees whether the random stream is restored.
public final class RandomScaleLayer: Layer {
    private var scales: [Float] = []
    public init() {}
    public var description: String { "RandomScale" }

    public func forward(_ x: Tensor, context: inout ForwardContext) -> Tensor {
        guard context.isTraining else { scales = []; return x }
        scales = (0..<x.count).map { _ in 0.9 + 0.2 * context.rng.nextUnitFloat() }
        var y = x
        for i in 0..<y.count { y.storage[i] *= scales[i] }
        return y
    }

    public func backward(_ g: Tensor, needsInputGradient: Bool) -> Tensor {
        guard !scales.isEmpty else { return g }
        var dx = g
        for i in 0..<dx.count { dx.storage[i] *= scales[i] }
        return dx
    }
}

/// Outputs NaN from the forward pass at and after batch `from` (counted over training forwards).
public final class PoisonLayer: Layer {
    public let from: Int
    private var calls = 0
    public init(from: Int) { self.from = from }
    public var description: String { "Poison(\(from))" }

    public func forward(_ x: Tensor, context: inout ForwardContext) -> Tensor {
        defer { if context.isTraining { calls += 1 } }
        guard context.isTraining, calls >= from else { return x }
        return Tensor(shape: x.shape, repeating: .nan)
    }

    public func backward(_ g: Tensor, needsInputGradient: Bool) -> Tensor { g }
}
