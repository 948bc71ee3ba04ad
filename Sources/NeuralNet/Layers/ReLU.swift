import TensorCore

/// The rectifier `max(0, x)`, elementwise on any shape.
public final class ReLU: Layer {
    private var output = Tensor.empty
    private var inputGradient = Tensor.empty

    public init() {}

    public var description: String { "ReLU()" }

    public func forward(_ x: Tensor, context: inout ForwardContext) -> Tensor {
        output.resize(to: x.shape)
        output.storage.withUnsafeMutableBufferPointer { out in
            x.storage.withUnsafeBufferPointer { xs in
                for i in 0..<xs.count { out[i] = max(xs[i], 0) }
            }
        }
        return output
    }

    public func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor {
        guard needsInputGradient else { return .empty }
        precondition(dy.shape == output.shape, "ReLU.backward: gradient \(dy.shape) does not match output \(output.shape)")
        inputGradient.resize(to: dy.shape)
        inputGradient.storage.withUnsafeMutableBufferPointer { dx in
            dy.storage.withUnsafeBufferPointer { g in
                output.storage.withUnsafeBufferPointer { y in
                    for i in 0..<g.count { dx[i] = y[i] > 0 ? g[i] : 0 }
                }
            }
        }
        return inputGradient
    }
}
