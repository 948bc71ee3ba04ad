import TensorCore

/// A 2-D convolution on NCHW inputs, as `nn.Conv2d` (square kernel, zero padding, no groups).
///
/// Each image is lowered to an im2col matrix `[inChannels * k * k, outPlane]` small enough to stay
/// in the L2 cache and multiplied at once, writing straight into its NCHW output. Stride-2 layers
/// lower it from the image's four phases, with contiguous copies as stride 1 does. Backward works
/// image by image too: stride-1 layers lower the output gradient once and take both gradients from
/// it (see `backward`); others rebuild the input's columns instead of keeping the whole batch's
/// (which would stream megabytes through memory twice), except strided 1x1 layers, whose columns
/// are a quarter of the input and cheaper to keep than to gather again. 3x3 stride-1 padding-1 layers run
/// Winograd's algorithm instead outside reproducible mode (see `algorithm`).
public final class Conv2d: Layer {
    public let inChannels: Int
    public let outChannels: Int
    public let kernelSize: Int
    public let stride: Int
    public let padding: Int
    /// `[outChannels, inChannels, kernelSize, kernelSize]`.
    public let weight: Parameter
    /// `[outChannels]`, or nil for a layer without bias (as before a BatchNorm, which cancels it).
    public let bias: Parameter?

    /// How the passes compute: `ConvolutionAlgorithm.processDefault` for 3x3 layers with stride 1
    /// or 2 and padding 1, `im2col` for others (which is also what `winograd` falls back to).
    /// Outside `im2col`, stride-2 layers run the direct kernels of `StridedConvolution` where the
    /// processor has AVX-512.
    public var algorithm: ConvolutionAlgorithm
    /// Winograd's workspace, made by the first forward that uses it.
    var winograd: WinogradConvolution?
    /// The direct stride-2 kernels' workspace, made by the first forward that uses them.
    var strided: StridedConvolution?

    var geometry = ConvolutionGeometry(channels: 0, height: 0, width: 0, kernelSize: 1)
    var batchSize = 0
    var input = Tensor.empty
    var columns = Tensor.empty
    /// A strided 1x1 layer's columns for the whole batch, `[batch, inChannels, outPlane]`, kept by
    /// a training forward for the weight gradient instead of the input (see `keepsColumns`).
    var keptColumns = Tensor.empty
    /// Whether `keptColumns` holds the last training forward's batch, not yet used by backward.
    var holdsKeptColumns = false
    /// One image's stride-2 phases (see `ConvolutionKernels.usesPhases`), or their gradient.
    var phases = Tensor.empty
    var output = Tensor.empty
    var inputGradient = Tensor.empty
    var columnGradient = Tensor.empty
    /// `[inChannels, outChannels, k, k]`: the weight with channels swapped and taps reversed, for
    /// input gradients computed as a convolution of the output gradient.
    var flippedWeight = Tensor.empty
    /// The weight gradient of a batch in the layout its product writes (see `backward`).
    var flippedWeightGradient = Tensor.empty

    /// A layer with PyTorch's default initialisation drawn from `rng` (the weight, then the bias).
    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
                bias: Bool = true, rng: inout RandomGenerator) {
        precondition(inChannels > 0 && outChannels > 0 && kernelSize > 0 && stride > 0 && padding >= 0,
                     "Conv2d(\(inChannels), \(outChannels), kernel \(kernelSize), stride \(stride), padding \(padding)): sizes must be positive and padding not negative")
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        let fastPathApplies = ConvolutionAlgorithm.winogradApplies(kernelSize: kernelSize, stride: stride, padding: padding)
            || (kernelSize == 3 && stride == 2 && padding == 1)
        algorithm = fastPathApplies ? ConvolutionAlgorithm.processDefault : .im2col
        weight = Parameter(name: "weight", value: Tensor(shape: [outChannels, inChannels, kernelSize, kernelSize]))
        self.bias = bias ? Parameter(name: "bias", value: Tensor(shape: [outChannels])) : nil
        resetParameters(using: &rng)
    }

    public var parameters: [Parameter] { bias.map { [weight, $0] } ?? [weight] }

    public var description: String {
        var text = "Conv2d(\(inChannels), \(outChannels), kernel \(kernelSize)"
        if stride != 1 { text += ", stride \(stride)" }
        if padding != 0 { text += ", padding \(padding)" }
        if bias == nil { text += ", no bias" }
        return text + ")"
    }

    var fanIn: Int { inChannels * kernelSize * kernelSize }

    /// Whether the passes go through the image's stride-2 phases (see `ConvolutionKernels.usesPhases`).
    ///
    /// Not for 1x1 kernels: they read one phase of four, which the strided im2col gathers
    /// directly, without writing the other three first.
    static func lowersThroughPhases(_ g: ConvolutionGeometry) -> Bool {
        g.kernelSize > 1 && ConvolutionKernels.usesPhases(g)
    }

    /// Whether a training forward keeps the batch's columns for backward: for a strided 1x1 layer
    /// they are the input's sampled pixels, a quarter of it at stride 2, so keeping them costs less
    /// memory traffic than gathering them from the whole input again.
    static func keepsColumns(_ g: ConvolutionGeometry) -> Bool {
        ConvolutionKernels.isPointwise(g) && g.stride > 1
    }

    public func resetParameters(using rng: inout RandomGenerator) {
        ParameterInitialization.uniform(&weight.value,
                                        bound: ParameterInitialization.kaimingUniformBound(fanIn: fanIn), rng: &rng)
        if let bias {
            ParameterInitialization.uniform(&bias.value,
                                            bound: ParameterInitialization.biasBound(fanIn: fanIn), rng: &rng)
        }
    }

    public func forward(_ x: Tensor, context: inout ForwardContext) -> Tensor {
        precondition(x.rank == 4 && x.shape[1] == inChannels,
                     "\(description) expects input [batch, \(inChannels), height, width], got \(x.shape)")
        let g = ConvolutionGeometry(channels: inChannels, height: x.shape[2], width: x.shape[3],
                                    kernelSize: kernelSize, stride: stride, padding: padding)
        precondition(g.outputHeight > 0 && g.outputWidth > 0,
                     "\(description): input \(x.shape[2])x\(x.shape[3]) is smaller than the kernel")
        geometry = g
        batchSize = x.shape[0]
        if usesWinograd || usesStridedKernels {
            output.resize(to: [batchSize, outChannels, g.outputHeight, g.outputWidth])
            if usesWinograd { winogradForward(x, geometry: g) } else { stridedForward(x, geometry: g) }
            input = context.isTraining && !weight.isFrozen ? x : .empty
            if !context.isTraining { batchSize = 0 }
            return output
        }
        let n = batchSize, plane = g.outputPlane, patch = g.patchSize
        let imageSize = inChannels * g.height * g.width
        columns.resize(to: [patch, plane])
        output.resize(to: [n, outChannels, g.outputHeight, g.outputWidth])
        let usesPhases = Self.lowersThroughPhases(g)
        if usesPhases { phases.resize(to: [ConvolutionKernels.phaseCount(g)]) }
        let keepsColumns = context.isTraining && !weight.isFrozen && Self.keepsColumns(g)
        if keepsColumns { keptColumns.resize(to: [n, patch, plane]) }
        x.storage.withUnsafeBufferPointer { xs in
            columns.storage.withUnsafeMutableBufferPointer { imageColumns in
            keptColumns.storage.withUnsafeMutableBufferPointer { kept in
            phases.storage.withUnsafeMutableBufferPointer { phase in
                output.storage.withUnsafeMutableBufferPointer { out in
                    weight.value.storage.withUnsafeBufferPointer { w in
                        for i in 0..<n {
                            let col = keepsColumns ? kept.baseAddress! + i * patch * plane : imageColumns.baseAddress!
                            if usesPhases {
                                ConvolutionKernels.splitPhases(xs.baseAddress! + i * imageSize, geometry: g, phases: phase.baseAddress!)
                                ConvolutionKernels.im2colFromPhases(phase.baseAddress!, geometry: g, columns: col, ldc: plane)
                            } else {
                                ConvolutionKernels.im2col(xs.baseAddress! + i * imageSize, geometry: g, columns: col, ldc: plane)
                            }
                            let image = out.baseAddress! + i * outChannels * plane
                            if let bias {
                                bias.value.storage.withUnsafeBufferPointer { b in
                                    for c in 0..<outChannels { VectorKernels.fill(image + c * plane, with: b[c], count: plane) }
                                }
                            }
                            BLAS.gemm(m: outChannels, n: plane, k: patch, a: w.baseAddress!,
                                      b: col, beta: bias == nil ? 0 : 1, c: image)
                        }
                    }
                }
            }
            }
            }
        }
        input = context.isTraining && !weight.isFrozen && !keepsColumns ? x : .empty
        holdsKeptColumns = keepsColumns
        if !context.isTraining { batchSize = 0 }
        return output
    }
}
