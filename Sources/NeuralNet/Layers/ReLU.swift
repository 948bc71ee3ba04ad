import TensorCore

/// The rectifier `max(0, x)`, elementwise on any shape.
///
/// Forward keeps one bit per value (input > 0) for backward instead of the whole output, so
/// backward streams a 32nd of the memory that re-reading the output would.
public final class ReLU: Layer {
    private var output = Tensor.empty
    private var positive: [UInt8] = []
    private var inputGradient = Tensor.empty

    public init() {}

    public var description: String { "ReLU()" }

    public func forward(_ x: Tensor, context: inout ForwardContext) -> Tensor {
        output.resize(to: x.shape)
        let bytes = (x.count + 7) / 8
        if positive.count != bytes { positive = [UInt8](repeating: 0, count: bytes) }
        output.storage.withUnsafeMutableBufferPointer { out in
            x.storage.withUnsafeBufferPointer { xs in
                positive.withUnsafeMutableBufferPointer { mask in
                    VectorKernels.relu(xs.baseAddress!, out.baseAddress!, mask: mask.baseAddress!, count: xs.count)
                }
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
                positive.withUnsafeBufferPointer { mask in
                    VectorKernels.reluBackward(mask: mask.baseAddress!, outputGradient: g.baseAddress!,
                                               inputGradient: dx.baseAddress!, count: g.count)
                }
            }
        }
        return inputGradient
    }
}
