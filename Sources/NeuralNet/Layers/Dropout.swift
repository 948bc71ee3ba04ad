import TensorCore

/// Inverted dropout, as `nn.Dropout`: in training each value is zeroed with probability `p` and
/// the rest are scaled by `1 / (1 - p)`; in evaluation the layer is the identity.
///
/// The mask is drawn from `context.rng`, one uniform per value in storage order, so the same
/// random state gives the same mask.
public final class Dropout: Layer {
    public let probability: Float

    private var mask = Tensor.empty
    private var output = Tensor.empty
    private var inputGradient = Tensor.empty
    private var lastForwardTrained = false

    public init(_ probability: Float = 0.5) {
        precondition(probability >= 0 && probability <= 1,
                     "Dropout probability must be in [0, 1], got \(probability)")
        self.probability = probability
    }

    public var description: String { "Dropout(p=\(probability))" }

    public func forward(_ x: Tensor, context: inout ForwardContext) -> Tensor {
        lastForwardTrained = context.isTraining
        guard context.isTraining else { return x }
        let p = probability
        let scale: Float = p < 1 ? 1 / (1 - p) : 0
        mask.resize(to: x.shape)
        output.resize(to: x.shape)
        mask.storage.withUnsafeMutableBufferPointer { m in
            for i in 0..<m.count { m[i] = context.rng.nextUnitFloat() >= p ? scale : 0 }
            x.storage.withUnsafeBufferPointer { xs in
                output.storage.withUnsafeMutableBufferPointer { out in
                    VectorKernels.multiply(xs.baseAddress!, m.baseAddress!, out.baseAddress!, count: xs.count)
                }
            }
        }
        return output
    }

    public func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor {
        guard needsInputGradient else { return .empty }
        guard lastForwardTrained else { return dy }
        precondition(dy.shape == mask.shape, "Dropout.backward: gradient \(dy.shape) does not match \(mask.shape)")
        inputGradient.resize(to: dy.shape)
        inputGradient.storage.withUnsafeMutableBufferPointer { dx in
            dy.storage.withUnsafeBufferPointer { g in
                mask.storage.withUnsafeBufferPointer { m in
                    VectorKernels.multiply(g.baseAddress!, m.baseAddress!, dx.baseAddress!, count: g.count)
                }
            }
        }
        return inputGradient
    }
}
