import TensorCore

/// Max pooling over square windows of NCHW inputs, as `nn.MaxPool2d` (no padding, floor mode).
///
/// Forward remembers the position of each window's maximum (the first one on ties), so backward
/// routes each output gradient to exactly that input.
public final class MaxPool2d: Layer {
    public let kernelSize: Int
    public let stride: Int

    private var inputShape: [Int] = []
    private var argmax: [Int32] = []
    private var output = Tensor.empty
    private var inputGradient = Tensor.empty
    /// Whether the last forward also applied a ReLU (see `forward(_:context:rectified:)`).
    private var rectified = false

    /// A pooling layer; `stride` defaults to `kernelSize`.
    public init(kernelSize: Int, stride: Int? = nil) {
        precondition(kernelSize > 0 && (stride ?? 1) > 0, "MaxPool2d: kernel and stride must be positive")
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
    }

    public var description: String {
        stride == kernelSize ? "MaxPool2d(\(kernelSize))" : "MaxPool2d(\(kernelSize), stride \(stride))"
    }

    public func forward(_ x: Tensor, context: inout ForwardContext) -> Tensor {
        forward(x, context: &context, rectified: false)
    }

    /// Pools `x`, or when `rectified` pools `relu(x)`: `max(0, window max)`, in the same pass.
    ///
    /// Outputs and gradients equal those of `ReLU` then this layer: where the window maximum is
    /// positive both pick the same input; elsewhere both give zero and pass no gradient.
    func forward(_ x: Tensor, context: inout ForwardContext, rectified: Bool) -> Tensor {
        precondition(x.rank == 4 && x.shape[2] >= kernelSize && x.shape[3] >= kernelSize,
                     "\(description) expects input [batch, channels, height, width] of at least the kernel size, got \(x.shape)")
        let planes = x.shape[0] * x.shape[1], h = x.shape[2], w = x.shape[3]
        let oh = (h - kernelSize) / stride + 1, ow = (w - kernelSize) / stride + 1
        let k = kernelSize, s = stride
        inputShape = x.shape
        output.resize(to: [x.shape[0], x.shape[1], oh, ow])
        if argmax.count != planes * oh * ow { argmax = [Int32](repeating: 0, count: planes * oh * ow) }
        x.storage.withUnsafeBufferPointer { xs in
            output.storage.withUnsafeMutableBufferPointer { out in
                argmax.withUnsafeMutableBufferPointer { idx in
                    for p in 0..<planes {
                        let plane = xs.baseAddress! + p * h * w
                        let o = p * oh * ow
                        if k == 2 && s == 2 {
                            Self.forwardTwoByTwo(plane, width: w, outputHeight: oh, outputWidth: ow, rectified: rectified,
                                                 output: out.baseAddress! + o, argmax: idx.baseAddress! + o)
                            continue
                        }
                        for oy in 0..<oh {
                            for ox in 0..<ow {
                                var best = oy * s * w + ox * s
                                var bestValue = plane[best]
                                for ky in 0..<k {
                                    let row = (oy * s + ky) * w + ox * s
                                    for kx in 0..<k where plane[row + kx] > bestValue {
                                        best = row + kx
                                        bestValue = plane[best]
                                    }
                                }
                                out[o + oy * ow + ox] = rectified && bestValue < 0 ? 0 : bestValue
                                idx[o + oy * ow + ox] = Int32(best)
                            }
                        }
                    }
                }
            }
        }
        self.rectified = rectified
        return output
    }

    public func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor {
        guard needsInputGradient else { return .empty }
        precondition(dy.shape == output.shape,
                     "\(description).backward: gradient \(dy.shape) does not match output \(output.shape)")
        let planeIn = inputShape[2] * inputShape[3], planeOut = output.shape[2] * output.shape[3]
        let planes = inputShape[0] * inputShape[1]
        inputGradient.resize(to: inputShape)
        let twoByTwo = kernelSize == 2 && stride == 2
        inputGradient.storage.withUnsafeMutableBufferPointer { dx in
            if !twoByTwo { dx.update(repeating: 0) }
            dy.storage.withUnsafeBufferPointer { g in
                argmax.withUnsafeBufferPointer { idx in
                output.storage.withUnsafeBufferPointer { y in
                    for p in 0..<planes {
                        let d = dx.baseAddress! + p * planeIn
                        if twoByTwo {
                            Self.backwardTwoByTwo(g.baseAddress! + p * planeOut, argmax: idx.baseAddress! + p * planeOut,
                                                  gate: rectified ? y.baseAddress! + p * planeOut : nil,
                                                  height: inputShape[2], width: inputShape[3], inputGradient: d)
                            continue
                        }
                        for j in (p * planeOut)..<((p + 1) * planeOut) where !rectified || y[j] > 0 { d[Int(idx[j])] += g[j] }
                    }
                }}
            }
        }
        return inputGradient
    }
}
