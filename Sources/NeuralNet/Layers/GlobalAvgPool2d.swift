import TensorCore

/// The mean of each channel's plane: `[batch, channels, height, width]` to `[batch, channels]`,
/// as `nn.AdaptiveAvgPool2d(1)` followed by `nn.Flatten()`.
public final class GlobalAvgPool2d: Layer {
    private var inputShape: [Int] = []
    private var output = Tensor.empty
    private var inputGradient = Tensor.empty

    public init() {}

    public var description: String { "GlobalAvgPool2d()" }

    public func forward(_ x: Tensor, context: inout ForwardContext) -> Tensor {
        precondition(x.rank == 4 && x.shape[2] > 0 && x.shape[3] > 0,
                     "GlobalAvgPool2d expects input [batch, channels, height, width] with a non-empty plane, got \(x.shape)")
        inputShape = x.shape
        let planes = x.shape[0] * x.shape[1], plane = x.shape[2] * x.shape[3]
        let scale = 1 / Float(plane)
        output.resize(to: [x.shape[0], x.shape[1]])
        x.storage.withUnsafeBufferPointer { xs in
            output.storage.withUnsafeMutableBufferPointer { out in
                for p in 0..<planes { out[p] = VectorKernels.sum(xs.baseAddress! + p * plane, count: plane) * scale }
            }
        }
        return output
    }

    public func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor {
        guard needsInputGradient else { return .empty }
        precondition(inputShape.count == 4 && dy.shape == [inputShape[0], inputShape[1]],
                     "GlobalAvgPool2d.backward: gradient \(dy.shape) does not match the last forward's output \(output.shape)")
        let planes = inputShape[0] * inputShape[1], plane = inputShape[2] * inputShape[3]
        let scale = 1 / Float(plane)
        inputGradient.resize(to: inputShape)
        inputGradient.storage.withUnsafeMutableBufferPointer { dx in
            dy.storage.withUnsafeBufferPointer { g in
                for p in 0..<planes { VectorKernels.fill(dx.baseAddress! + p * plane, with: g[p] * scale, count: plane) }
            }
        }
        return inputGradient
    }
}
