/// The per-plane loops of batch normalisation on raw buffers: statistics, the normalising pass
/// (optionally adding a residual and rectifying), and the two backward passes.
///
/// Each call covers one contiguous plane (one image's values of one channel); sums come back in
/// `Float` accumulated over eight lanes, and callers add planes up in `Double`. Boolean flags are
/// compile-time constants at every call site, so each variant compiles to a branch-free loop.
/// Products are written `a * b + c`, not `addProduct`: without FMA in the baseline x86-64 target a
/// fused multiply-add becomes a library call per lane.
public enum NormalizationKernels {
    public typealias Vector = VectorKernels.Vector

    @inline(__always) @usableFromInline
    static func load(_ p: UnsafePointer<Float>, _ i: Int) -> Vector {
        UnsafeRawPointer(p + i).loadUnaligned(as: Vector.self)
    }

    @inline(__always) @usableFromInline
    static func store(_ v: Vector, _ p: UnsafeMutablePointer<Float>, _ i: Int) {
        UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: Vector.self)
    }

    /// `sum((x[i] - mean)^2)`.
    @inlinable
    public static func centeredSquares(_ x: UnsafePointer<Float>, mean: Float, count: Int) -> Float {
        let m = Vector(repeating: mean)
        var lanes = Vector(repeating: 0), i = 0
        while i + 8 <= count {
            let d = load(x, i) - m
            lanes += d * d
            i += 8
        }
        var total = lanes.sum()
        while i < count { let d = x[i] - mean; total += d * d; i += 1 }
        return total
    }

    /// `y[i] = (x[i] - mean) * scale + shift`, plus `residual[i]` when given, then `max(0, .)`
    /// when `rectified`.
    @inlinable @inline(__always)
    public static func normalize(_ x: UnsafePointer<Float>, mean: Float, scale: Float, shift: Float,
                                 residual: UnsafePointer<Float>?, rectified: Bool,
                                 output y: UnsafeMutablePointer<Float>, count: Int) {
        let m = Vector(repeating: mean), a = Vector(repeating: scale), b = Vector(repeating: shift)
        let zero = Vector(repeating: 0)
        var i = 0
        while i + 8 <= count {
            var v = (load(x, i) - m) * a + b
            if let residual { v += load(residual, i) }
            if rectified { v = v.replacing(with: zero, where: v .< zero) }
            store(v, y, i)
            i += 8
        }
        while i < count {
            var v = (x[i] - mean) * scale + shift
            if let residual { v += residual[i] }
            if rectified { v = max(v, 0) }
            y[i] = v
            i += 1
        }
    }

    /// `(sum(g), sum(g * (x - mean)))` where `g = dy`, or with a `gate` `g = gate > 0 ? dy : 0`;
    /// when `gated` is given, `g` is also written there.
    @inlinable @inline(__always)
    public static func gradientSums(_ dy: UnsafePointer<Float>, gate: UnsafePointer<Float>?,
                                    gated: UnsafeMutablePointer<Float>?, x: UnsafePointer<Float>, mean: Float,
                                    count: Int) -> (gradient: Float, centeredProduct: Float) {
        let m = Vector(repeating: mean), zero = Vector(repeating: 0)
        var sumG = Vector(repeating: 0), sumGX = Vector(repeating: 0), i = 0
        while i + 8 <= count {
            var g = load(dy, i)
            if let gate { g = zero.replacing(with: g, where: load(gate, i) .> zero) }
            if let gated { store(g, gated, i) }
            sumG += g
            sumGX += g * (load(x, i) - m)
            i += 8
        }
        var totalG = sumG.sum(), totalGX = sumGX.sum()
        while i < count {
            var g = dy[i]
            if let gate, !(gate[i] > 0) { g = 0 }
            if let gated { gated[i] = g }
            totalG += g
            totalGX += g * (x[i] - mean)
            i += 1
        }
        return (totalG, totalGX)
    }

    /// `dx[i] = a * g + b * (x[i] - mean) + c`, with `g` as in `gradientSums`; `x` is unused when
    /// `b` is zero and `centered` is false.
    @inlinable @inline(__always)
    public static func inputGradient(_ dy: UnsafePointer<Float>, gate: UnsafePointer<Float>?,
                                     x: UnsafePointer<Float>, mean: Float, centered: Bool,
                                     a: Float, b: Float, c: Float,
                                     inputGradient dx: UnsafeMutablePointer<Float>, count: Int) {
        let m = Vector(repeating: mean), va = Vector(repeating: a), vb = Vector(repeating: b)
        let vc = Vector(repeating: c), zero = Vector(repeating: 0)
        var i = 0
        while i + 8 <= count {
            var g = load(dy, i)
            if let gate { g = zero.replacing(with: g, where: load(gate, i) .> zero) }
            var v = va * g + vc
            if centered { v += vb * (load(x, i) - m) }
            store(v, dx, i)
            i += 8
        }
        while i < count {
            var g = dy[i]
            if let gate, !(gate[i] > 0) { g = 0 }
            var v = a * g + c
            if centered { v += b * (x[i] - mean) }
            dx[i] = v
            i += 1
        }
    }
}
