import TensorCore

/// Average pooling over square windows of NCHW inputs, as `nn.AvgPool2d` without padding (floor
/// mode): each output is the mean of its `kernelSize x kernelSize` window.
public final class AvgPool2d: Layer {
    public let kernelSize: Int
    public let stride: Int

    private var inputShape: [Int] = []
    private var output = Tensor.empty
    private var inputGradient = Tensor.empty

    /// A pooling layer; `stride` defaults to `kernelSize`.
    public init(kernelSize: Int, stride: Int? = nil) {
        precondition(kernelSize > 0 && (stride ?? 1) > 0, "AvgPool2d: kernel and stride must be positive")
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
    }

    public var description: String {
        stride == kernelSize ? "AvgPool2d(\(kernelSize))" : "AvgPool2d(\(kernelSize), stride \(stride))"
    }

    public func forward(_ x: Tensor, context: inout ForwardContext) -> Tensor {
        precondition(x.rank == 4 && x.shape[2] >= kernelSize && x.shape[3] >= kernelSize,
                     "\(description) expects input [batch, channels, height, width] of at least the kernel size, got \(x.shape)")
        let planes = x.shape[0] * x.shape[1], h = x.shape[2], w = x.shape[3]
        let k = kernelSize, s = stride, oh = (h - k) / s + 1, ow = (w - k) / s + 1
        let scale = 1 / Float(k * k)
        inputShape = x.shape
        output.resize(to: [x.shape[0], x.shape[1], oh, ow])
        x.storage.withUnsafeBufferPointer { xs in
            output.storage.withUnsafeMutableBufferPointer { out in
                for p in 0..<planes {
                    let plane = xs.baseAddress! + p * h * w, target = out.baseAddress! + p * oh * ow
                    for oy in 0..<oh {
                        let row = target + oy * ow
                        for ox in 0..<ow { row[ox] = 0 }
                        // Window rows are added for all outputs of the row at once.
                        for ky in 0..<k {
                            let source = plane + (oy * s + ky) * w
                            for ox in 0..<ow {
                                var sum: Float = 0
                                for kx in 0..<k { sum += source[ox * s + kx] }
                                row[ox] += sum
                            }
                        }
                        for ox in 0..<ow { row[ox] *= scale }
                    }
                }
            }
        }
        return output
    }

    public func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor {
        guard needsInputGradient else { return .empty }
        precondition(dy.shape == output.shape,
                     "\(description).backward: gradient \(dy.shape) does not match output \(output.shape)")
        let planes = inputShape[0] * inputShape[1], h = inputShape[2], w = inputShape[3]
        let k = kernelSize, s = stride, oh = output.shape[2], ow = output.shape[3]
        let scale = 1 / Float(k * k)
        inputGradient.resize(to: inputShape)
        inputGradient.storage.withUnsafeMutableBufferPointer { dx in
            dx.update(repeating: 0)
            dy.storage.withUnsafeBufferPointer { g in
                for p in 0..<planes {
                    let plane = dx.baseAddress! + p * h * w, source = g.baseAddress! + p * oh * ow
                    for oy in 0..<oh {
                        for ky in 0..<k {
                            let row = plane + (oy * s + ky) * w
                            for ox in 0..<ow {
                                let share = source[oy * ow + ox] * scale
                                for kx in 0..<k { row[ox * s + kx] += share }
                            }
                        }
                    }
                }
            }
        }
        return inputGradient
    }
}
