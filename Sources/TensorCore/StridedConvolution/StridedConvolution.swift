import CStridedConvolution

/// A 3x3 stride-2 padding-1 convolution computed directly from channels-last copies of the
/// images (no im2col matrix), forward and backward, with the workspace it reuses.
///
/// The resnet's downsampling convolutions spend most of an im2col pass moving data: the column
/// matrix is 9 values per input value, written, packed again by BLAS and, backward, added back.
/// Here each image is copied once, channels-last with a zero border, and AVX-512 kernels multiply
/// its runs of `3 x inChannels` values (one kernel row) by the packed weight straight from it;
/// see `Sources/CStridedConvolution`. Only where the processor has AVX-512 (`isAvailable`) and
/// only outside reproducible mode (`ConvolutionAlgorithm.processDefault` is `winograd`), since
/// the sums run in another order than im2col's: results agree to float rounding.
public struct StridedConvolution: Sendable {
    public let inChannels: Int
    public let outChannels: Int

    /// `[3, 3 in, out]`, from the last `forward`.
    var packedWeight = Tensor.empty
    /// `[3, out, 3 in]`, for the input gradient.
    var transposedWeight = Tensor.empty
    /// The weight gradient of a batch, laid out as `packedWeight`.
    var packedWeightGradient = Tensor.empty
    var workspace = Tensor.empty

    public init(inChannels: Int, outChannels: Int) {
        precondition(inChannels > 0 && outChannels > 0)
        self.inChannels = inChannels
        self.outChannels = outChannels
    }

    /// Whether the kernels run on this processor (AVX-512; `LRLAB_STRIDED_BASELINE=1` turns them off).
    public static var isAvailable: Bool { lrlab_strided_available() != 0 }

    /// Whether a layer of this kernel, stride and padding can run here.
    public static func applies(kernelSize: Int, stride: Int, padding: Int) -> Bool {
        kernelSize == 3 && stride == 2 && padding == 1 && isAvailable
    }

    private mutating func prepareWorkspace(height: Int, width: Int) {
        workspace.resize(to: [lrlab_strided_workspace(inChannels, outChannels, height, width)])
    }

    /// Writes the convolution of `input` (`[batch, in, height, width]`) with `weight`
    /// (`[out, in, 3, 3]`) to `output` (`[batch, out, (height + 1) / 2, (width + 1) / 2]`, overwritten).
    public mutating func forward(input: UnsafePointer<Float>, batch: Int, height: Int, width: Int,
                                 weight: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        precondition(Self.isAvailable, "StridedConvolution needs AVX-512")
        let inC = inChannels, outC = outChannels
        packedWeight.resize(to: [3, 3 * inC, outC])
        prepareWorkspace(height: height, width: width)
        packedWeight.storage.withUnsafeMutableBufferPointer { wk in
            lrlab_strided_pack_weight(weight, outC, inC, wk.baseAddress!)
        }
        packedWeight.storage.withUnsafeBufferPointer { wk in
            workspace.storage.withUnsafeMutableBufferPointer { scratch in
                lrlab_strided_forward(input, batch, inC, height, width, wk.baseAddress!, outC, output, scratch.baseAddress!)
            }
        }
    }

    /// Adds the weight gradient to `weightGradient` (when given, `[out, in, 3, 3]`) and writes the
    /// input gradient to `inputGradient` (when given; overwritten, or added to when
    /// `accumulatesInputGradient`), for the `input` and `weight` of the last `forward` and the
    /// output gradient `outputGradient`.
    public mutating func backward(input: UnsafePointer<Float>?, batch: Int, height: Int, width: Int,
                                  weight: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
                                  weightGradient: UnsafeMutablePointer<Float>?,
                                  inputGradient: UnsafeMutablePointer<Float>?, accumulatesInputGradient: Bool = false) {
        precondition(Self.isAvailable, "StridedConvolution needs AVX-512")
        precondition(weightGradient == nil || input != nil, "StridedConvolution.backward: the weight gradient needs the input")
        let inC = inChannels, outC = outChannels
        prepareWorkspace(height: height, width: width)
        if inputGradient != nil {
            transposedWeight.resize(to: [3, outC, 3 * inC])
            transposedWeight.storage.withUnsafeMutableBufferPointer { wt in
                lrlab_strided_pack_weight_transposed(weight, outC, inC, wt.baseAddress!)
            }
        }
        if weightGradient != nil {
            packedWeightGradient.resize(to: [3, 3 * inC, outC])
            packedWeightGradient.zero()
        }
        transposedWeight.storage.withUnsafeBufferPointer { wt in
        packedWeightGradient.storage.withUnsafeMutableBufferPointer { dwk in
        workspace.storage.withUnsafeMutableBufferPointer { scratch in
            lrlab_strided_backward(input, outputGradient, batch, inC, height, width, outC,
                                   inputGradient == nil ? nil : wt.baseAddress!,
                                   weightGradient == nil ? nil : dwk.baseAddress!, inputGradient,
                                   accumulatesInputGradient ? 1 : 0, scratch.baseAddress!)
        }}}
        if let weightGradient {
            packedWeightGradient.storage.withUnsafeBufferPointer { dwk in
                lrlab_strided_unpack_weight_gradient_add(dwk.baseAddress!, outC, inC, weightGradient)
            }
        }
    }
}
