import TensorCore

/// Reshapes `[batch, d1, d2, ...]` to `[batch, d1 * d2 * ...]` without copying.
public final class Flatten: Layer {
    private var inputShape: [Int] = []

    public init() {}

    public var description: String { "Flatten()" }

    public func forward(_ x: Tensor, context: inout ForwardContext) -> Tensor {
        precondition(x.rank >= 1, "Flatten needs an input with a batch dimension, got \(x.shape)")
        inputShape = x.shape
        let n = x.shape[0]
        return x.reshaped([n, n == 0 ? 0 : x.count / n])
    }

    public func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor {
        guard needsInputGradient else { return .empty }
        precondition(dy.count == inputShape.reduce(1, *),
                     "Flatten.backward: gradient \(dy.shape) does not match input \(inputShape)")
        return dy.reshaped(inputShape)
    }
}
