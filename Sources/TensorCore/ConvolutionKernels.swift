/// The geometry of a 2-D convolution or pooling window over one image plane.
public struct ConvolutionGeometry: Equatable, Sendable {
    public var channels: Int
    public var height: Int
    public var width: Int
    public var kernelSize: Int
    public var stride: Int
    public var padding: Int

    public init(channels: Int, height: Int, width: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0) {
        self.channels = channels
        self.height = height
        self.width = width
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
    }

    /// Output rows: `floor((height + 2 padding - kernel) / stride) + 1`.
    @inlinable public var outputHeight: Int { (height + 2 * padding - kernelSize) / stride + 1 }
    /// Output columns.
    @inlinable public var outputWidth: Int { (width + 2 * padding - kernelSize) / stride + 1 }
    /// Rows of the im2col matrix: `channels * kernel * kernel`.
    @inlinable public var patchSize: Int { channels * kernelSize * kernelSize }
    /// Columns of the im2col matrix for one image: `outputHeight * outputWidth`.
    @inlinable public var outputPlane: Int { outputHeight * outputWidth }
}

/// im2col and col2im on raw buffers, for convolutions lowered to matrix products.
public enum ConvolutionKernels {
    /// Writes the patches of one `[channels, height, width]` image into `columns`, a row-major
    /// `[patchSize, ldc]` matrix whose first `outputPlane` columns are filled (zeros for padding).
    @inlinable
    public static func im2col(_ image: UnsafePointer<Float>, geometry g: ConvolutionGeometry,
                              columns: UnsafeMutablePointer<Float>, ldc: Int) {
        if g.stride == 1 && 2 * g.padding == g.kernelSize - 1 {
            im2colSamePadding(image, geometry: g, columns: columns, ldc: ldc)
            return
        }
        if g.stride == 1 {
            im2colUnitStride(image, geometry: g, columns: columns, ldc: ldc)
            return
        }
        im2colStrided(image, geometry: g, columns: columns, ldc: ldc)
    }

    /// The output columns `lo..<hi` whose input column `ox * stride - padding + kx` lies inside
    /// the image (empty when none does).
    @inlinable @inline(__always)
    static func validColumns(_ g: ConvolutionGeometry, kx: Int) -> (lo: Int, hi: Int) {
        let s = g.stride, p = g.padding, ow = g.outputWidth
        // ox * s >= p - kx and ox * s <= w - 1 + p - kx.
        let lo = min(max(0, (p - kx + s - 1) / s), ow)
        let last = g.width - 1 + p - kx
        let hi = last < 0 ? lo : max(lo, min(ow, last / s + 1))
        return (lo, hi)
    }

    /// im2col for any stride: per output row, zeros outside the valid columns (found once per
    /// kernel column) and a gather with the stride inside them; stride 2 gathers eight values at
    /// a time from sixteen.
    @inlinable
    static func im2colStrided(_ image: UnsafePointer<Float>, geometry g: ConvolutionGeometry,
                              columns: UnsafeMutablePointer<Float>, ldc: Int) {
        let k = g.kernelSize, s = g.stride, p = g.padding
        let oh = g.outputHeight, ow = g.outputWidth, h = g.height, w = g.width
        var row = 0
        for c in 0..<g.channels {
            let plane = image + c * h * w
            for ky in 0..<k {
                for kx in 0..<k {
                    let dst = columns + row * ldc
                    row += 1
                    let (lo, hi) = validColumns(g, kx: kx)
                    for oy in 0..<oh {
                        let iy = oy * s - p + ky
                        let out = dst + oy * ow
                        if iy < 0 || iy >= h {
                            VectorKernels.clear(out, count: ow)
                            continue
                        }
                        for ox in 0..<lo { out[ox] = 0 }
                        let src = plane + iy * w + (lo * s - p + kx)
                        if s == 2 {
                            VectorKernels.gatherEven(src, to: out + lo, count: hi - lo, readable: image + g.channels * h * w - src)
                        } else {
                            for j in 0..<(hi - lo) { out[lo + j] = src[j * s] }
                        }
                        for ox in hi..<ow { out[ox] = 0 }
                    }
                }
            }
        }
    }

    /// im2col for stride 1 with output size equal to input size: in flat plane indices, patch row
    /// `(ky, kx)` is the plane shifted by `(ky - p) w + (kx - p)`, so each row is one long copy;
    /// afterwards the `|kx - p|` values per image row that wrapped around from the neighbouring row
    /// are zeroed, as are the rows above and below the image.
    @inlinable
    static func im2colSamePadding(_ image: UnsafePointer<Float>, geometry g: ConvolutionGeometry,
                                  columns: UnsafeMutablePointer<Float>, ldc: Int) {
        let k = g.kernelSize, p = g.padding, h = g.height, w = g.width, plane = h * w
        var row = 0
        for c in 0..<g.channels {
            let source = image + c * plane
            for ky in 0..<k {
                // Output rows whose input row oy - p + ky lies inside the image.
                let firstRow = min(max(0, p - ky), h), endRow = max(min(h, h + p - ky), firstRow)
                let start = firstRow * w, end = endRow * w
                for kx in 0..<k {
                    let dst = columns + row * ldc
                    row += 1
                    let shift = (ky - p) * w + (kx - p)
                    VectorKernels.clear(dst, count: start)
                    VectorKernels.clear(dst + end, count: plane - end)
                    // Clipping to the plane drops only wrapped values, which are zeroed below.
                    let copyStart = max(start, -shift), copyEnd = min(end, plane - shift)
                    // Whole planes: the C library's copy uses the widest vectors the processor has.
                    if copyEnd > copyStart {
                        (dst + copyStart).update(from: source + copyStart + shift, count: copyEnd - copyStart)
                    }
                    let lo = min(max(0, p - kx), w), hi = max(min(w, w + p - kx), lo)
                    if lo == 0 && hi == w { continue }
                    // Column by column: strided stores (a per-row loop would become a memset call per row).
                    for ox in 0..<lo { clearColumn(dst + start + ox, stride: w, count: endRow - firstRow) }
                    for ox in hi..<w { clearColumn(dst + start + ox, stride: w, count: endRow - firstRow) }
                }
            }
        }
    }

    @inlinable @inline(__always)
    static func clearColumn(_ start: UnsafeMutablePointer<Float>, stride: Int, count: Int) {
        var p = start
        for _ in 0..<count {
            p.pointee = 0
            p += stride
        }
    }

    /// im2col for stride 1: each patch row is the image plane shifted by `(ky, kx)`, so every
    /// output row is one contiguous copy between at most `padding` zeros on each side.
    @inlinable
    static func im2colUnitStride(_ image: UnsafePointer<Float>, geometry g: ConvolutionGeometry,
                                 columns: UnsafeMutablePointer<Float>, ldc: Int) {
        let k = g.kernelSize, p = g.padding
        let oh = g.outputHeight, ow = g.outputWidth, h = g.height, w = g.width
        var row = 0
        for c in 0..<g.channels {
            let plane = image + c * h * w
            for ky in 0..<k {
                // Output rows whose input row oy - p + ky lies inside the image.
                let firstRow = min(max(0, p - ky), oh), endRow = max(min(oh, h + p - ky), firstRow)
                for kx in 0..<k {
                    let dst = columns + row * ldc
                    row += 1
                    let lo = min(max(0, p - kx), ow), hi = max(min(ow, w + p - kx), lo)
                    VectorKernels.clear(dst, count: firstRow * ow)
                    var out = dst + firstRow * ow
                    var src = plane + (firstRow - p + ky) * w + (lo - p + kx)
                    for _ in firstRow..<endRow {
                        var ox = 0
                        while ox < lo { out[ox] = 0; ox += 1 }
                        VectorKernels.copy(src, to: out + lo, count: hi - lo)
                        ox = hi
                        while ox < ow { out[ox] = 0; ox += 1 }
                        out += ow
                        src += w
                    }
                    VectorKernels.clear(out, count: (oh - endRow) * ow)
                }
            }
        }
    }

    /// Whether `writePointwiseGradient` applies: a 1x1 kernel without padding, whose output
    /// pixels each read one input pixel and no two the same one.
    @inlinable
    public static func isPointwise(_ g: ConvolutionGeometry) -> Bool {
        g.kernelSize == 1 && g.padding == 0
    }

    /// Writes every value of one `[channels, height, width]` image from the `[channels, ldc]`
    /// columns of a pointwise (1x1, unpadded) convolution's input gradient: the pixel each output
    /// read gets its value, every other pixel zero. The same bits as `col2im` into a zeroed image,
    /// but it writes each value once: for stride 2, three of four are zeros (whole odd rows, and
    /// every other value of the even ones).
    @inlinable
    public static func writePointwiseGradient(_ columns: UnsafePointer<Float>, ldc: Int, geometry g: ConvolutionGeometry,
                                              image: UnsafeMutablePointer<Float>) {
        precondition(isPointwise(g), "writePointwiseGradient needs a 1x1 kernel without padding")
        let s = g.stride, oh = g.outputHeight, ow = g.outputWidth, h = g.height, w = g.width
        for c in 0..<g.channels {
            let plane = image + c * h * w, source = columns + c * ldc
            for iy in 0..<h {
                let row = plane + iy * w
                guard iy % s == 0, iy / s < oh else {
                    VectorKernels.clear(row, count: w)
                    continue
                }
                let values = source + (iy / s) * ow
                // `0 + v`, as col2im's addition into zeros gives (a negative zero turns positive).
                if s == 2 {
                    // w is 2 ow or 2 ow - 1: the last value of an odd row has no zero after it.
                    VectorKernels.interleaveWithZeros(values, into: row, count: w / 2)
                    if w % 2 == 1 { row[w - 1] = 0 + values[ow - 1] }
                } else {
                    VectorKernels.clear(row, count: w)
                    for ox in 0..<ow { row[ox * s] = 0 + values[ox] }
                }
            }
        }
    }

    /// Adds the columns of a `[patchSize, ldc]` matrix back into one `[channels, height, width]`
    /// image (the adjoint of `im2col`); `image` must be initialised (usually to zero).
    @inlinable
    public static func col2im(_ columns: UnsafePointer<Float>, ldc: Int, geometry g: ConvolutionGeometry,
                              image: UnsafeMutablePointer<Float>) {
        let k = g.kernelSize, s = g.stride, p = g.padding
        let oh = g.outputHeight, ow = g.outputWidth, h = g.height, w = g.width
        var row = 0
        for c in 0..<g.channels {
            let plane = image + c * h * w
            for ky in 0..<k {
                for kx in 0..<k {
                    let src = columns + row * ldc
                    row += 1
                    let (lo, hi) = validColumns(g, kx: kx)
                    for oy in 0..<oh {
                        let iy = oy * s - p + ky
                        if iy < 0 || iy >= h { continue }
                        let dst = plane + iy * w
                        let col = src + oy * ow
                        if hi <= lo { continue }
                        if s == 1 {
                            VectorKernels.add(col + lo, into: dst + (lo - p + kx), count: hi - lo)
                        } else {
                            let target = dst + (lo * s - p + kx)
                            if s == 2 {
                                VectorKernels.scatterAddEven(col + lo, into: target, count: hi - lo,
                                                             accessible: image + g.channels * h * w - target)
                            } else {
                                for j in 0..<(hi - lo) { target[j * s] += col[lo + j] }
                            }
                        }
                    }
                }
            }
        }
    }
}
