import CNormalization

/// Batch normalisation's loops over one channel in C (CNormalization): `planes` contiguous planes
/// of `count` values, plane `p` at `x + p * planeStride` (for NCHW data, the channel's plane in
/// each image, `planeStride` = channels * spatial size).
///
/// `avx512` picks the AVX-512 build, which runs only where the processor has it (elsewhere the
/// baseline build runs). Rectifier masks are as `NormalizationKernels.normalize` writes them, one
/// bit per value, each plane's bits from a new byte, `maskStride` bytes from one plane's to the
/// next. Sums run in `Float` lanes within a plane and in `Double` over planes.
public enum FastNormalizationKernels {
    /// Whether this processor has the AVX-512 features the wide build uses (F, VL, DQ).
    public static let processorHasAVX512 = lrlab_normalization_has_avx512() != 0

    /// The mean of the channel's values and the sum of their squared deviations from it.
    ///
    /// One pass: deviations from a shift (the first plane's mean) and their squares are summed in
    /// `Float` lanes per plane and in `Double` over planes, so a mean much larger than the spread
    /// costs about as little accuracy as the reference's two passes.
    public static func statistics(_ x: UnsafePointer<Float>, planes: Int, planeStride: Int, count: Int,
                                  avx512: Bool) -> (mean: Double, squares: Double) {
        var mean = 0.0, squares = 0.0
        lrlab_normalization_statistics(avx512 ? 1 : 0, x, planes, planeStride, count, &mean, &squares)
        return (mean, squares)
    }

    /// `y = (x - mean) * scale + shift`, plus `residual` when given; with a `mask`, then
    /// `max(0, y)` with the mask's bit set where the result is positive.
    public static func normalize(_ x: UnsafePointer<Float>, residual: UnsafePointer<Float>?,
                                 mask: UnsafeMutablePointer<UInt8>?, maskStride: Int,
                                 output y: UnsafeMutablePointer<Float>, planes: Int, planeStride: Int, count: Int,
                                 mean: Float, scale: Float, shift: Float, avx512: Bool) {
        lrlab_normalization_forward(avx512 ? 1 : 0, x, residual, mask, maskStride, y, planes, planeStride, count,
                                    mean, scale, shift)
    }

    /// `(sum(g), sum(g * (x - mean)))` where `g = dy`, or with a `gate` mask, `dy` where its bit is
    /// set and 0 elsewhere.
    public static func gradientSums(_ dy: UnsafePointer<Float>, gate: UnsafePointer<UInt8>?, gateStride: Int,
                                    x: UnsafePointer<Float>, planes: Int, planeStride: Int, count: Int,
                                    mean: Float, avx512: Bool) -> (gradient: Double, centeredProduct: Double) {
        var gradient = 0.0, product = 0.0
        lrlab_normalization_gradient_sums(avx512 ? 1 : 0, dy, gate, gateStride, x, planes, planeStride, count, mean,
                                          &gradient, &product)
        return (gradient, product)
    }

    /// With `g` as in `gradientSums`: writes `g` to `gated` when given, and
    /// `a * g + b * (x - mean) + c` to `inputGradient` when given (`a * g + c` without `x`).
    public static func inputGradient(_ dy: UnsafePointer<Float>, gate: UnsafePointer<UInt8>?, gateStride: Int,
                                     gated: UnsafeMutablePointer<Float>?, x: UnsafePointer<Float>?,
                                     inputGradient dx: UnsafeMutablePointer<Float>?, planes: Int, planeStride: Int,
                                     count: Int, mean: Float, a: Float, b: Float, c: Float, avx512: Bool) {
        lrlab_normalization_input_gradient(avx512 ? 1 : 0, dy, gate, gateStride, gated, x, dx, planes, planeStride,
                                           count, mean, a, b, c)
    }
}
