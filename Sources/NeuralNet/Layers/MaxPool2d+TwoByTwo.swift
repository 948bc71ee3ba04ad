import TensorCore

/// The common 2x2, stride-2 window, four windows per SIMD step in both directions. Rows of at
/// least four windows end with a step overlapping the previous one (it rewrites the same values),
/// so there is no branchy scalar tail; backward writes every input gradient once (no zeroing
/// pass, no scatter).
extension MaxPool2d {
    /// Pools one plane; `argmax` receives plane offsets, the first maximum on ties (as the generic
    /// loop). `rectified` clamps the outputs at zero (a ReLU before the pooling).
    @inline(__always)
    static func forwardTwoByTwo(_ plane: UnsafePointer<Float>, width w: Int, outputHeight oh: Int,
                                outputWidth ow: Int, rectified: Bool, output: UnsafeMutablePointer<Float>,
                                argmax: UnsafeMutablePointer<Int32>) {
        let lane = SIMD4<Int32>(0, 2, 4, 6), one = SIMD4<Int32>(repeating: 1)
        let below = SIMD4<Int32>(repeating: Int32(w)), belowRight = below &+ one
        for oy in 0..<oh {
            let top = 2 * oy * w
            @inline(__always) func fourWindows(from ox: Int) {
                let i0 = top + 2 * ox
                let upper = UnsafeRawPointer(plane + i0).loadUnaligned(as: SIMD8<Float>.self)
                let lower = UnsafeRawPointer(plane + i0 + w).loadUnaligned(as: SIMD8<Float>.self)
                var value = upper.evenHalf, offset = SIMD4<Int32>(repeating: 0)
                var better = upper.oddHalf .> value
                value.replace(with: upper.oddHalf, where: better)
                offset.replace(with: one, where: better)
                better = lower.evenHalf .> value
                value.replace(with: lower.evenHalf, where: better)
                offset.replace(with: below, where: better)
                better = lower.oddHalf .> value
                value.replace(with: lower.oddHalf, where: better)
                offset.replace(with: belowRight, where: better)
                if rectified { value.replace(with: 0, where: value .< 0) }
                let o = oy * ow + ox
                UnsafeMutableRawPointer(output + o).storeBytes(of: value, as: SIMD4<Float>.self)
                let index = SIMD4<Int32>(repeating: Int32(i0)) &+ lane &+ offset
                UnsafeMutableRawPointer(argmax + o).storeBytes(of: index, as: SIMD4<Int32>.self)
            }
            if ow >= 4 {
                forEachGroupOfFour(ow, fourWindows)
                continue
            }
            for ox in 0..<ow {
                let i0 = top + 2 * ox, i2 = i0 + w
                let a = plane[i0], b = plane[i0 + 1], c = plane[i2], d = plane[i2 + 1]
                var best = i0, value = a
                if b > value { value = b; best = i0 + 1 }
                if c > value { value = c; best = i2 }
                if d > value { value = d; best = i2 + 1 }
                output[oy * ow + ox] = rectified && value < 0 ? 0 : value
                argmax[oy * ow + ox] = Int32(best)
            }
        }
    }

    /// Writes the whole `height x width` gradient plane: each window's gradient at its argmax,
    /// zeros elsewhere (including a last odd row or column no window covers). With a `gate` (the
    /// rectified output) only windows whose output is positive pass their gradient.
    @inline(__always)
    static func backwardTwoByTwo(_ gradient: UnsafePointer<Float>, argmax: UnsafePointer<Int32>, gate: UnsafePointer<Float>?,
                                 height h: Int, width w: Int, inputGradient dx: UnsafeMutablePointer<Float>) {
        let oh = h / 2, ow = w / 2
        let lane = SIMD4<Int32>(0, 2, 4, 6), zero = SIMD8<Float>(repeating: 0)
        let left = SIMD8<Int32>(0, 1, 0, 1, 0, 1, 0, 1), below = left &+ Int32(w)
        for oy in 0..<oh {
            let upper = dx + 2 * oy * w, lower = upper + w
            // Branch-free: the argmax position is random, so per-window branches would mispredict.
            @inline(__always) func fourWindows(from ox: Int) {
                let j = oy * ow + ox
                var g = UnsafeRawPointer(gradient + j).loadUnaligned(as: SIMD4<Float>.self)
                if let gate {
                    let open = UnsafeRawPointer(gate + j).loadUnaligned(as: SIMD4<Float>.self) .> 0
                    g = SIMD4<Float>(repeating: 0).replacing(with: g, where: open)
                }
                let at = UnsafeRawPointer(argmax + j).loadUnaligned(as: SIMD4<Int32>.self)
                    &- (SIMD4<Int32>(repeating: Int32(2 * oy * w + 2 * ox)) &+ lane)
                let pairs = SIMD8<Float>(g[0], g[0], g[1], g[1], g[2], g[2], g[3], g[3])
                let pairedAt = SIMD8<Int32>(at[0], at[0], at[1], at[1], at[2], at[2], at[3], at[3])
                UnsafeMutableRawPointer(upper + 2 * ox)
                    .storeBytes(of: zero.replacing(with: pairs, where: pairedAt .== left), as: SIMD8<Float>.self)
                UnsafeMutableRawPointer(lower + 2 * ox)
                    .storeBytes(of: zero.replacing(with: pairs, where: pairedAt .== below), as: SIMD8<Float>.self)
            }
            if ow >= 4 {
                forEachGroupOfFour(ow, fourWindows)
            } else {
                for ox in 0..<ow {
                    let j = oy * ow + ox
                    let open = gate.map { $0[j] > 0 } ?? true
                    let g = open ? gradient[j] : 0
                    let at = Int(argmax[j]) - 2 * oy * w - 2 * ox
                    upper[2 * ox] = at == 0 ? g : 0
                    upper[2 * ox + 1] = at == 1 ? g : 0
                    lower[2 * ox] = at == w ? g : 0
                    lower[2 * ox + 1] = at == w + 1 ? g : 0
                }
            }
            if w % 2 == 1 { upper[w - 1] = 0; lower[w - 1] = 0 }
        }
        if h % 2 == 1 { VectorKernels.clear(dx + (h - 1) * w, count: w) }
    }

    /// Calls `body` with the first window of each group of four in a row of `count` (at least 4)
    /// windows; the last group overlaps the one before it instead of running short.
    @inline(__always)
    static func forEachGroupOfFour(_ count: Int, _ body: (Int) -> Void) {
        var start = 0
        while true {
            body(start)
            if start + 4 >= count { break }
            start = min(start + 4, count - 4)
        }
    }
}
