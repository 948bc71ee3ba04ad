import CWinograd

/// A 3x3 stride-1 padding-1 convolution by Winograd's F(4x4, 3x3) over NCHW buffers, forward and
/// backward, with the workspace it reuses from batch to batch.
///
/// Each 4x4 block of outputs comes from a 6x6 input window: both the window and the 3x3 filter
/// are moved to 36 transformed positions, where the convolution becomes one product per position,
/// summed over input channels: 36 matrix products `[tiles, in] x [in, out]` instead of one
/// `[out, 9 in] x [9 in, pixels]`, a quarter of the multiplications. With AVX-512 the products run
/// a register-blocked kernel of their own (BLAS packs its operands first, which at tens of
/// channels costs as much as the products); elsewhere BLAS computes them. Backward runs the
/// adjoint of every step: the output gradient goes through the adjoint output transform, the
/// products with the transformed filter (transposed) and the transformed input give the
/// transformed input and filter gradients, and the adjoint transforms bring those back. The
/// gradients are therefore exact gradients of the computed forward.
///
/// Images are processed in chunks of about `tilesPerChunk` tiles so the transformed tiles stay in
/// the L2 cache; the backward pass transforms each chunk's input again rather than keeping the
/// batch's (kept, the batch's transformed input goes out to memory and back: measured 3% slower
/// over the resnet's layers than transforming again). Rounding differs from im2col's (the transforms scale values by up to 8 and 1/24): in
/// float the outputs agree to about 1e-6 of the outputs' scale. Results depend only on the shapes
/// and values, so runs stay deterministic on one machine; the transforms run AVX-512 code where
/// the processor has it, so last bits may differ between processors (reproducible mode keeps im2col).
public struct WinogradConvolution: Sendable {
    public let inChannels: Int
    public let outChannels: Int
    /// Tiles per chunk aimed at; a chunk holds whole images. By default `defaultTilesPerChunk`.
    public var tilesPerChunk: Int

    /// Floats of one chunk's transformed tiles (36 per tile and channel of the wider side) aimed
    /// at by default: 64 Ki floats, 256 KB, so the transformed input, the products and their
    /// gradients of a chunk stay in a 2 MB L2 cache together. Measured on the resnet: 6-15% faster
    /// than 256 tiles for every channel count (256 tiles of 64 channels are 2.4 MB); 48-96 Ki
    /// floats measured alike.
    public static let chunkFloats = 64 * 1024

    /// Tiles per chunk for `inChannels` and `outChannels`: `chunkFloats` floats of the wider side.
    public static func defaultTilesPerChunk(inChannels: Int, outChannels: Int) -> Int {
        max(1, chunkFloats / (positions * max(inChannels, outChannels)))
    }

    /// `[36, in, out]`: the weight at the transformed positions, from the last `forward`.
    var filter = Tensor.empty
    /// 36 matrices `[tiles, in]` for one chunk, `matrixStride(tiles:channels:)` floats apart.
    var transformedInput = Tensor.empty
    /// 36 matrices `[tiles, out]` for one chunk, laid out alike, or their gradient.
    var products = Tensor.empty
    /// The transformed input gradient of one chunk, laid out as `transformedInput`.
    var transformedInputGradient = Tensor.empty
    /// `[36, out, in]`: `filter`'s matrices transposed, for the input gradient's products.
    var filterTransposed = Tensor.empty
    /// `[36, in, out]`: the gradient of `filter` over a batch.
    var filterGradient = Tensor.empty
    /// One chunk's input gradient, when `backward` adds it to a sum.
    var chunkInputGradient = Tensor.empty

    public init(inChannels: Int, outChannels: Int, tilesPerChunk: Int? = nil) {
        precondition(inChannels > 0 && outChannels > 0 && (tilesPerChunk ?? 1) > 0)
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.tilesPerChunk = tilesPerChunk ?? Self.defaultTilesPerChunk(inChannels: inChannels, outChannels: outChannels)
    }

    /// Positions of the transformed tile.
    public static let positions = 36

    /// Tiles of one `height` x `width` image.
    @inlinable public static func tiles(height: Int, width: Int) -> Int { ((height + 3) / 4) * ((width + 3) / 4) }

    func imagesPerChunk(height: Int, width: Int, batch: Int) -> Int {
        max(1, min(batch, tilesPerChunk / Self.tiles(height: height, width: width)))
    }

    /// Floats between transformed matrices of `tiles x channels`: a little more than needed, so
    /// the 36 streams of a transform do not fall on the same cache sets, rounded to whole cache lines.
    static func matrixStride(tiles: Int, channels: Int) -> Int { (tiles * channels + 31) / 16 * 16 }

    /// Room for `count` floats starting on a cache-line boundary.
    static func alignedCount(_ count: Int) -> Int { count + 16 }

    /// The first cache-line boundary in `buffer` (see `alignedCount`).
    static func aligned(_ buffer: UnsafeMutableBufferPointer<Float>) -> UnsafeMutablePointer<Float> {
        let base = buffer.baseAddress!
        let misalignment = Int(bitPattern: base) & 63
        return misalignment == 0 ? base : base + (64 - misalignment) / MemoryLayout<Float>.stride
    }

    /// Writes the convolution of `input` (`[batch, in, height, width]`) with `weight`
    /// (`[out, in, 3, 3]`) to `output` (`[batch, out, height, width]`, overwritten).
    public mutating func forward(input: UnsafePointer<Float>, batch: Int, height: Int, width: Int,
                                 weight: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        let inC = inChannels, outC = outChannels, p = Self.positions
        let perImage = Self.tiles(height: height, width: width)
        let chunk = imagesPerChunk(height: height, width: width, batch: batch)
        let vs = Self.matrixStride(tiles: chunk * perImage, channels: inC)
        let ms = Self.matrixStride(tiles: chunk * perImage, channels: outC)
        filter.resize(to: [p, inC, outC])
        transformedInput.resize(to: [Self.alignedCount(p * vs)])
        products.resize(to: [Self.alignedCount(p * ms)])
        filter.storage.withUnsafeMutableBufferPointer { u in
            lrlab_winograd_filter(weight, outC, inC, u.baseAddress!)
        }
        filter.storage.withUnsafeBufferPointer { u in
        transformedInput.storage.withUnsafeMutableBufferPointer { vBuffer in
        products.storage.withUnsafeMutableBufferPointer { mBuffer in
            let v = Self.aligned(vBuffer), m = Self.aligned(mBuffer)
            var first = 0
            while first < batch {
                let images = min(chunk, batch - first), tiles = images * perImage
                lrlab_winograd_input(input + first * inC * height * width, images, inC, height, width, v, vs)
                if lrlab_winograd_multiply(v, vs, inC, u.baseAddress!, inC * outC, outC, m, ms, outC, tiles, inC, outC, p) == 0 {
                    for xi in 0..<p {
                        BLAS.gemm(m: tiles, n: outC, k: inC, a: v + xi * vs, b: u.baseAddress! + xi * inC * outC,
                                  c: m + xi * ms)
                    }
                }
                lrlab_winograd_output(m, ms, images, outC, height, width, output + first * outC * height * width)
                first += images
            }
        }}}
    }

    /// Fills `filterTransposed` from `filter`.
    mutating func transposeFilter() {
        let inC = inChannels, outC = outChannels, p = Self.positions
        filterTransposed.resize(to: [p, outC, inC])
        filter.storage.withUnsafeBufferPointer { u in
            filterTransposed.storage.withUnsafeMutableBufferPointer { t in
                lrlab_winograd_transpose(u.baseAddress!, inC, outC, p, t.baseAddress!)
            }
        }
    }

    /// Adds the weight gradient to `weightGradient` (when given) and writes the input gradient to
    /// `inputGradient` (when given; overwritten, or added to when `accumulatesInputGradient`), for
    /// the `input` and `weight` of the last `forward` and the output gradient `outputGradient`.
    ///
    /// Accumulating, each chunk's gradient goes to a buffer of the chunk's size, still in cache
    /// when it is added, instead of through memory and back in a separate pass.
    public mutating func backward(input: UnsafePointer<Float>, batch: Int, height: Int, width: Int,
                                  outputGradient: UnsafePointer<Float>,
                                  weightGradient: UnsafeMutablePointer<Float>?,
                                  inputGradient: UnsafeMutablePointer<Float>?, accumulatesInputGradient: Bool = false) {
        let inC = inChannels, outC = outChannels, p = Self.positions
        precondition(filter.count == p * outC * inC, "WinogradConvolution.backward needs a forward first")
        let perImage = Self.tiles(height: height, width: width)
        let chunk = imagesPerChunk(height: height, width: width, batch: batch)
        let vs = Self.matrixStride(tiles: chunk * perImage, channels: inC)
        let ms = Self.matrixStride(tiles: chunk * perImage, channels: outC)
        transformedInput.resize(to: [Self.alignedCount(p * vs)])
        products.resize(to: [Self.alignedCount(p * ms)])
        if inputGradient != nil { transformedInputGradient.resize(to: [Self.alignedCount(p * vs)]) }
        if weightGradient != nil {
            filterGradient.resize(to: [p, inC, outC])
            filterGradient.zero()
        }
        if inputGradient != nil { transposeFilter() }
        let accumulates = inputGradient != nil && accumulatesInputGradient
        if accumulates { chunkInputGradient.resize(to: [chunk * inC * height * width]) }
        filter.storage.withUnsafeBufferPointer { u in
        chunkInputGradient.storage.withUnsafeMutableBufferPointer { chunkGradient in
        filterTransposed.storage.withUnsafeBufferPointer { ut in
        filterGradient.storage.withUnsafeMutableBufferPointer { du in
        transformedInput.storage.withUnsafeMutableBufferPointer { vBuffer in
        transformedInputGradient.storage.withUnsafeMutableBufferPointer { dvBuffer in
        products.storage.withUnsafeMutableBufferPointer { dmBuffer in
            let v = Self.aligned(vBuffer), dm = Self.aligned(dmBuffer)
            let dv = inputGradient == nil ? nil : Self.aligned(dvBuffer)
            var first = 0
            while first < batch {
                let images = min(chunk, batch - first), tiles = images * perImage
                lrlab_winograd_output_adjoint(outputGradient + first * outC * height * width, images, outC, height, width,
                                              dm, ms)
                if weightGradient != nil {
                    lrlab_winograd_input(input + first * inC * height * width, images, inC, height, width, v, vs)
                    if lrlab_winograd_multiply_transposed_add(v, vs, inC, dm, ms, outC, du.baseAddress!, inC * outC, outC,
                                                              tiles, inC, outC, p) == 0 {
                        for xi in 0..<p {
                            BLAS.gemm(transposeA: true, m: inC, n: outC, k: tiles, a: v + xi * vs, lda: inC,
                                      b: dm + xi * ms, ldb: outC, beta: 1, c: du.baseAddress! + xi * inC * outC)
                        }
                    }
                }
                if let inputGradient {
                    if lrlab_winograd_multiply(dm, ms, outC, ut.baseAddress!, inC * outC, inC, dv!, vs, inC, tiles, outC, inC, p) == 0 {
                        for xi in 0..<p {
                            BLAS.gemm(transposeB: true, m: tiles, n: inC, k: outC, a: dm + xi * ms, lda: outC,
                                      b: u.baseAddress! + xi * inC * outC, ldb: outC, c: dv! + xi * vs, ldc: inC)
                        }
                    }
                    let target = inputGradient + first * inC * height * width, count = images * inC * height * width
                    if accumulates {
                        lrlab_winograd_input_adjoint(dv!, vs, images, inC, height, width, chunkGradient.baseAddress!)
                        VectorKernels.add(chunkGradient.baseAddress!, into: target, count: count)
                    } else {
                        lrlab_winograd_input_adjoint(dv!, vs, images, inC, height, width, target)
                    }
                }
                first += images
            }
        }}}}}}}
        if let weightGradient {
            filterGradient.storage.withUnsafeBufferPointer { du in
                lrlab_winograd_filter_adjoint_add(du.baseAddress!, outC, inC, weightGradient)
            }
        }
    }
}
