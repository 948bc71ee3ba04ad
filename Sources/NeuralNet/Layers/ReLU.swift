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
                VectorKernels.relu(xs.baseAddress!, out.baseAddress!, count: xs.count)
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
                    VectorKernels.reluBackward(output: y.baseAddress!, outputGradient: g.baseAddress!,
                                               inputGradient: dx.baseAddress!, count: g.count)
                }
            }
        }
        return inputGradient
    }
}
