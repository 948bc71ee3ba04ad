/// Stride-2 convolutions through the image's four phases, so that every copy is contiguous.
///
/// Phase `(py, px)` of channel `c` is the plane `x[c, 2a + py, 2b + px]` over `a < ceil(h / 2)`,
/// `b < ceil(w / 2)` (zero past the image). Tap `(ky, kx)` of a stride-2 window reads input row
/// `2 oy - p + ky`: phase row `oy + sy` of phase `py = (ky - p) mod 2` with `sy = (ky - p - py) / 2`,
/// and likewise for columns. When the output is as wide as a phase (`ceil(w / 2)` columns, as for
/// 3x3 kernels with padding 1 and 1x1 kernels without padding), each im2col row is one phase plane
/// shifted by `sy * ow + sx`: one long copy, then the few wrapped columns and the rows outside the
/// phase cleared, as the stride-1 same-padding path does. col2im is the adjoint: the wrapped
/// columns of the column matrix are cleared, each row added back to its phase in one pass, and
/// the phases interleaved into the image.
extension ConvolutionKernels {
    /// Whether `geometry` can use the phase kernels: stride 2 and outputs as wide as a phase and
    /// no taller.
    @inlinable
    public static func usesPhases(_ g: ConvolutionGeometry) -> Bool {
        g.stride == 2 && g.outputWidth == (g.width + 1) / 2 && g.outputHeight <= (g.height + 1) / 2
    }

    /// The number of values the four phases of one image take.
    @inlinable
    public static func phaseCount(_ g: ConvolutionGeometry) -> Int {
        g.channels * 4 * ((g.height + 1) / 2) * ((g.width + 1) / 2)
    }

    /// The phase and the shift within it that tap `k` reads, along one axis.
    @inlinable @inline(__always)
    static func phase(tap k: Int, padding p: Int) -> (phase: Int, shift: Int) {
        let offset = k - p, phase = offset & 1
        return (phase, (offset - phase) / 2)
    }

    /// Splits one `[channels, height, width]` image into its phases (`phaseCount` values).
    @inlinable
    public static func splitPhases(_ image: UnsafePointer<Float>, geometry g: ConvolutionGeometry,
                                   phases: UnsafeMutablePointer<Float>) {
        let h = g.height, w = g.width, hh = (h + 1) / 2, hw = (w + 1) / 2, plane = hh * hw
        for c in 0..<g.channels {
            let source = image + c * h * w, target = phases + c * 4 * plane
            for a in 0..<hh {
                for py in 0..<2 {
                    let even = target + (py * 2) * plane + a * hw, odd = target + (py * 2 + 1) * plane + a * hw
                    let iy = 2 * a + py
                    guard iy < h else {
                        VectorKernels.clear(even, count: hw)
                        VectorKernels.clear(odd, count: hw)
                        continue
                    }
                    let row = source + iy * w
                    var b = 0
                    while 2 * b + 16 <= w {
                        let pair = UnsafeRawPointer(row + 2 * b).loadUnaligned(as: SIMD16<Float>.self)
                        UnsafeMutableRawPointer(even + b).storeBytes(of: pair.evenHalf, as: SIMD8<Float>.self)
                        UnsafeMutableRawPointer(odd + b).storeBytes(of: pair.oddHalf, as: SIMD8<Float>.self)
                        b += 8
                    }
                    while b < hw {
                        even[b] = row[2 * b]
                        odd[b] = 2 * b + 1 < w ? row[2 * b + 1] : 0
                        b += 1
                    }
                }
            }
        }
    }

    /// Writes one image back from its phases (the inverse of `splitPhases`), every value once.
    @inlinable
    public static func mergePhases(_ phases: UnsafePointer<Float>, geometry g: ConvolutionGeometry,
                                   image: UnsafeMutablePointer<Float>) {
        let h = g.height, w = g.width, hh = (h + 1) / 2, hw = (w + 1) / 2, plane = hh * hw
        for c in 0..<g.channels {
            let source = phases + c * 4 * plane, target = image + c * h * w
            for iy in 0..<h {
                let py = iy & 1, a = iy >> 1
                let even = source + (py * 2) * plane + a * hw, odd = source + (py * 2 + 1) * plane + a * hw
                let row = target + iy * w
                var b = 0
                while 2 * b + 16 <= w {
                    var pair = SIMD16<Float>()
                    pair.evenHalf = UnsafeRawPointer(even + b).loadUnaligned(as: SIMD8<Float>.self)
                    pair.oddHalf = UnsafeRawPointer(odd + b).loadUnaligned(as: SIMD8<Float>.self)
                    UnsafeMutableRawPointer(row + 2 * b).storeBytes(of: pair, as: SIMD16<Float>.self)
                    b += 8
                }
                while 2 * b < w {
                    row[2 * b] = even[b]
                    if 2 * b + 1 < w { row[2 * b + 1] = odd[b] }
                    b += 1
                }
            }
        }
    }

    /// The im2col matrix `[patchSize, ldc]` of one image from its phases (see the type's notes).
    @inlinable
    public static func im2colFromPhases(_ phases: UnsafePointer<Float>, geometry g: ConvolutionGeometry,
                                        columns: UnsafeMutablePointer<Float>, ldc: Int) {
        let k = g.kernelSize, p = g.padding, oh = g.outputHeight, ow = g.outputWidth
        let hh = (g.height + 1) / 2, phasePlane = hh * ow, plane = oh * ow
        var row = 0
        for c in 0..<g.channels {
            for ky in 0..<k {
                let (py, sy) = phase(tap: ky, padding: p)
                // Output rows whose phase row oy + sy exists.
                let firstRow = min(max(0, -sy), oh), endRow = max(min(oh, hh - sy), firstRow)
                for kx in 0..<k {
                    let (px, sx) = phase(tap: kx, padding: p)
                    let source = phases + ((c * 2 + py) * 2 + px) * phasePlane
                    let dst = columns + row * ldc
                    row += 1
                    let start = firstRow * ow, end = endRow * ow, shift = sy * ow + sx
                    VectorKernels.clear(dst, count: start)
                    VectorKernels.clear(dst + end, count: plane - end)
                    let copyStart = max(start, -shift), copyEnd = min(end, phasePlane - shift)
                    if copyEnd > copyStart {
                        (dst + copyStart).update(from: source + copyStart + shift, count: copyEnd - copyStart)
                    }
                    // Columns whose phase column ox + sx lies outside the phase wrapped to the next row.
                    let lo = min(max(0, -sx), ow), hi = max(min(ow, ow - sx), lo)
                    for ox in 0..<lo { clearColumn(dst + start + ox, stride: ow, count: endRow - firstRow) }
                    for ox in hi..<ow { clearColumn(dst + start + ox, stride: ow, count: endRow - firstRow) }
                }
            }
        }
    }

    /// Adds the columns of a `[patchSize, ldc]` matrix into zeroed phases (the adjoint of
    /// `im2colFromPhases`); clears the matrix's wrapped columns on the way.
    @inlinable
    public static func col2imIntoPhases(_ columns: UnsafeMutablePointer<Float>, ldc: Int, geometry g: ConvolutionGeometry,
                                        phases: UnsafeMutablePointer<Float>) {
        let k = g.kernelSize, p = g.padding, oh = g.outputHeight, ow = g.outputWidth
        let hh = (g.height + 1) / 2, phasePlane = hh * ow
        var row = 0
        for c in 0..<g.channels {
            for ky in 0..<k {
                let (py, sy) = phase(tap: ky, padding: p)
                let firstRow = min(max(0, -sy), oh), endRow = max(min(oh, hh - sy), firstRow)
                for kx in 0..<k {
                    let (px, sx) = phase(tap: kx, padding: p)
                    let target = phases + ((c * 2 + py) * 2 + px) * phasePlane
                    let src = columns + row * ldc
                    row += 1
                    let start = firstRow * ow, end = endRow * ow, shift = sy * ow + sx
                    let lo = min(max(0, -sx), ow), hi = max(min(ow, ow - sx), lo)
                    for ox in 0..<lo { clearColumn(src + start + ox, stride: ow, count: endRow - firstRow) }
                    for ox in hi..<ow { clearColumn(src + start + ox, stride: ow, count: endRow - firstRow) }
                    let addStart = max(start, -shift), addEnd = min(end, phasePlane - shift)
                    if addEnd > addStart {
                        VectorKernels.add(src + addStart, into: target + addStart + shift, count: addEnd - addStart)
                    }
                }
            }
        }
    }
}
