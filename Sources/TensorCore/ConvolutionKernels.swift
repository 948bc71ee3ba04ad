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
        let k = g.kernelSize, s = g.stride, p = g.padding
        let oh = g.outputHeight, ow = g.outputWidth, h = g.height, w = g.width
        var row = 0
        for c in 0..<g.channels {
            let plane = image + c * h * w
            for ky in 0..<k {
                for kx in 0..<k {
                    let dst = columns + row * ldc
                    row += 1
                    for oy in 0..<oh {
                        let iy = oy * s - p + ky
                        let out = dst + oy * ow
                        if iy < 0 || iy >= h {
                            out.update(repeating: 0, count: ow)
                            continue
                        }
                        let src = plane + iy * w
                        if s == 1 {
                            // Valid output columns: 0 <= ox - p + kx < w.
                            let lo = max(0, p - kx), hi = min(ow, w + p - kx)
                            if lo > 0 { out.update(repeating: 0, count: lo) }
                            if hi > lo { (out + lo).update(from: src + (lo - p + kx), count: hi - lo) }
                            if hi < ow { (out + max(hi, lo)).update(repeating: 0, count: ow - max(hi, lo)) }
                        } else {
                            for ox in 0..<ow {
                                let ix = ox * s - p + kx
                                out[ox] = (ix >= 0 && ix < w) ? src[ix] : 0
                            }
                        }
                    }
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
                    for oy in 0..<oh {
                        let iy = oy * s - p + ky
                        if iy < 0 || iy >= h { continue }
                        let dst = plane + iy * w
                        let col = src + oy * ow
                        if s == 1 {
                            let lo = max(0, p - kx), hi = min(ow, w + p - kx)
                            if hi > lo {
                                let d = dst + (lo - p + kx)
                                for ox in 0..<(hi - lo) { d[ox] += col[lo + ox] }
                            }
                        } else {
                            for ox in 0..<ow {
                                let ix = ox * s - p + kx
                                if ix >= 0 && ix < w { dst[ix] += col[ox] }
                            }
                        }
                    }
                }
            }
        }
    }
}
