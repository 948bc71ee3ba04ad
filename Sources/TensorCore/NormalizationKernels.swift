/// The per-plane loops of batch normalisation on raw buffers: statistics, the normalising pass
/// (optionally adding a residual and rectifying, keeping one gate bit per value), and the two
/// backward passes.
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

    /// `y[i] = (x[i] - mean) * scale + shift`, plus `residual[i]` when given; when `mask` is
    /// given, then `max(0, .)`, with bit `i % 8` of `mask[i / 8]` set where the result is positive
    /// (the gate backward reads instead of the output).
    @inlinable @inline(__always)
    public static func normalize(_ x: UnsafePointer<Float>, mean: Float, scale: Float, shift: Float,
                                 residual: UnsafePointer<Float>?, mask: UnsafeMutablePointer<UInt8>?,
                                 output y: UnsafeMutablePointer<Float>, count: Int) {
        let m = Vector(repeating: mean), a = Vector(repeating: scale), b = Vector(repeating: shift)
        let zero = Vector(repeating: 0), none = SIMD8<Int32>(repeating: 0), laneBits = VectorKernels.maskBits
        var i = 0
        while i + 8 <= count {
            var v = (load(x, i) - m) * a + b
            if let residual { v += load(residual, i) }
            if let mask {
                let positive = v .> zero
                v = zero.replacing(with: v, where: positive)
                mask[i / 8] = UInt8(truncatingIfNeeded: none.replacing(with: laneBits, where: positive).wrappedSum())
            }
            store(v, y, i)
            i += 8
        }
        guard i < count else { return }
        var bits: UInt8 = 0
        for j in i..<count {
            var v = (x[j] - mean) * scale + shift
            if let residual { v += residual[j] }
            if mask != nil {
                if v > 0 { bits |= 1 << UInt8(j - i) } else { v = 0 }
            }
            y[j] = v
        }
        mask?[i / 8] = bits
    }

    /// Whether the gate passes the eight values from `i` (a multiple of 8), as vector lanes;
    /// `bits` is `VectorKernels.maskBits`, read once per loop (a static read costs a lazy-initialisation check).
    @inlinable @inline(__always)
    static func open(_ gate: UnsafePointer<UInt8>, _ i: Int, _ bits: SIMD8<Int32>) -> SIMDMask<SIMD8<Int32>> {
        (SIMD8<Int32>(repeating: Int32(gate[i / 8])) & bits) .!= SIMD8<Int32>(repeating: 0)
    }

    /// Whether bit `i % 8` of `gate[i / 8]` is set.
    @inlinable @inline(__always)
    static func isOpen(_ gate: UnsafePointer<UInt8>, _ i: Int) -> Bool {
        gate[i / 8] & (1 << UInt8(i % 8)) != 0
    }

    /// `(sum(g), sum(g * (x - mean)))` where `g = dy`, or with a `gate` (a bit mask as `normalize`
    /// writes) `g = dy` where its bit is set and 0 elsewhere; when `gated` is given, `g` is also
    /// written there.
    @inlinable @inline(__always)
    public static func gradientSums(_ dy: UnsafePointer<Float>, gate: UnsafePointer<UInt8>?,
                                    gated: UnsafeMutablePointer<Float>?, x: UnsafePointer<Float>, mean: Float,
                                    count: Int) -> (gradient: Float, centeredProduct: Float) {
        let m = Vector(repeating: mean), zero = Vector(repeating: 0), bits = VectorKernels.maskBits
        var sumG = Vector(repeating: 0), sumGX = Vector(repeating: 0), i = 0
        while i + 8 <= count {
            var g = load(dy, i)
            if let gate { g = zero.replacing(with: g, where: open(gate, i, bits)) }
            if let gated { store(g, gated, i) }
            sumG += g
            sumGX += g * (load(x, i) - m)
            i += 8
        }
        var totalG = sumG.sum(), totalGX = sumGX.sum()
        while i < count {
            var g = dy[i]
            if let gate, !isOpen(gate, i) { g = 0 }
            if let gated { gated[i] = g }
            totalG += g
            totalGX += g * (x[i] - mean)
            i += 1
        }
        return (totalG, totalGX)
    }

    /// `dx[i] = a * g + b * (x[i] - mean) + c`, with `g` as in `gradientSums`; `x` is unused when
    /// `centered` is false (then `b` is ignored).
    @inlinable @inline(__always)
    public static func inputGradient(_ dy: UnsafePointer<Float>, gate: UnsafePointer<UInt8>?,
                                     x: UnsafePointer<Float>, mean: Float, centered: Bool,
                                     a: Float, b: Float, c: Float,
                                     inputGradient dx: UnsafeMutablePointer<Float>, count: Int) {
        let m = Vector(repeating: mean), va = Vector(repeating: a), vb = Vector(repeating: b)
        let vc = Vector(repeating: c), zero = Vector(repeating: 0), bits = VectorKernels.maskBits
        var i = 0
        while i + 8 <= count {
            var g = load(dy, i)
            if let gate { g = zero.replacing(with: g, where: open(gate, i, bits)) }
            var v = va * g + vc
            if centered { v += vb * (load(x, i) - m) }
            store(v, dx, i)
            i += 8
        }
        while i < count {
            var g = dy[i]
            if let gate, !isOpen(gate, i) { g = 0 }
            var v = a * g + c
            if centered { v += b * (x[i] - mean) }
            dx[i] = v
            i += 1
        }
    }
}
