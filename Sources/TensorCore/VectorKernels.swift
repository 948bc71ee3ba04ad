/// Elementwise loops over raw buffers, written with SIMD vectors and no branches so they
/// vectorise on any x86-64 or ARM target.
public enum VectorKernels {
    public typealias Vector = SIMD8<Float>

    @inline(__always) @usableFromInline
    static func load(_ p: UnsafePointer<Float>, _ i: Int) -> Vector {
        UnsafeRawPointer(p + i).loadUnaligned(as: Vector.self)
    }

    @inline(__always) @usableFromInline
    static func store(_ v: Vector, _ p: UnsafeMutablePointer<Float>, _ i: Int) {
        UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: Vector.self)
    }

    /// `output[i] = max(input[i], 0)`.
    @inlinable
    public static func relu(_ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, count: Int) {
        let zero = Vector(repeating: 0)
        var i = 0
        while i + 8 <= count {
            let x = load(input, i)
            store(x.replacing(with: zero, where: x .< zero), output, i)
            i += 8
        }
        while i < count { output[i] = max(input[i], 0); i += 1 }
    }

    /// Bit `i` of a mask byte for lane `i`. Loops read it once before they start: every read of a
    /// static constant checks its lazy initialisation.
    @usableFromInline static let maskBits = SIMD8<Int32>(1, 2, 4, 8, 16, 32, 64, 128)

    /// `output[i] = max(input[i], 0)`, and bit `i % 8` of `mask[i / 8]` set where `input[i] > 0`:
    /// backward then reads an eighth of a byte per value instead of the output.
    @inlinable
    public static func relu(_ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>,
                            mask: UnsafeMutablePointer<UInt8>, count: Int) {
        let zero = Vector(repeating: 0), none = SIMD8<Int32>(repeating: 0), laneBits = maskBits
        var i = 0
        while i + 8 <= count {
            let x = load(input, i)
            store(x.replacing(with: zero, where: x .< zero), output, i)
            mask[i / 8] = UInt8(truncatingIfNeeded: none.replacing(with: laneBits, where: x .> zero).wrappedSum())
            i += 8
        }
        guard i < count else { return }
        var bits: UInt8 = 0
        for j in i..<count {
            output[j] = max(input[j], 0)
            if input[j] > 0 { bits |= 1 << UInt8(j - i) }
        }
        mask[i / 8] = bits
    }

    /// `inputGradient[i] = outputGradient[i]` where bit `i % 8` of `mask[i / 8]` is set, else 0.
    @inlinable
    public static func reluBackward(mask: UnsafePointer<UInt8>, outputGradient: UnsafePointer<Float>,
                                    inputGradient: UnsafeMutablePointer<Float>, count: Int) {
        let zero = Vector(repeating: 0), none = SIMD8<Int32>(repeating: 0), bits = maskBits
        var i = 0
        while i + 8 <= count {
            let keep = (SIMD8<Int32>(repeating: Int32(mask[i / 8])) & bits) .!= none
            store(zero.replacing(with: load(outputGradient, i), where: keep), inputGradient, i)
            i += 8
        }
        while i < count {
            inputGradient[i] = mask[i / 8] & (1 << UInt8(i % 8)) != 0 ? outputGradient[i] : 0
            i += 1
        }
    }

    /// `inputGradient[i] = output[i] > 0 ? outputGradient[i] : 0`.
    @inlinable
    public static func reluBackward(output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
                                    inputGradient: UnsafeMutablePointer<Float>, count: Int) {
        let zero = Vector(repeating: 0)
        var i = 0
        while i + 8 <= count {
            let keep = load(output, i) .> zero
            store(zero.replacing(with: load(outputGradient, i), where: keep), inputGradient, i)
            i += 8
        }
        while i < count { inputGradient[i] = output[i] > 0 ? outputGradient[i] : 0; i += 1 }
    }

    /// `result[i] = a[i] * b[i]`.
    @inlinable
    public static func multiply(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                                _ result: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + 8 <= count {
            store(load(a, i) * load(b, i), result, i)
            i += 8
        }
        while i < count { result[i] = a[i] * b[i]; i += 1 }
    }

    /// `destination[i] = source[i]`, inline: for the short rows of im2col, where a `memcpy` call
    /// costs more than the copy.
    ///
    /// The buffers must not overlap: a tail shorter than a vector is copied as the last full
    /// vector, rewriting a few values already copied.
    @inlinable @inline(__always)
    public static func copy(_ source: UnsafePointer<Float>, to destination: UnsafeMutablePointer<Float>, count: Int) {
        guard count >= 8 else {
            for i in 0..<count { destination[i] = source[i] }
            return
        }
        var i = 0
        while i + 8 <= count {
            store(load(source, i), destination, i)
            i += 8
        }
        if i < count { store(load(source, count - 8), destination, count - 8) }
    }

    /// `destination[i] = source[2 i]`, eight at a time from sixteen loaded values (the even lanes).
    ///
    /// A vector load reads the odd value after its last even one, so vectors run only while they
    /// stay within the `readable` values from `source`; a tail shorter than a vector is gathered as
    /// the last full vector (rewriting a few values) when that stays within them too.
    @inlinable @inline(__always)
    public static func gatherEven(_ source: UnsafePointer<Float>, to destination: UnsafeMutablePointer<Float>, count: Int,
                                  readable: Int) {
        var i = 0
        while i + 8 <= count && 2 * i + 16 <= readable {
            store(UnsafeRawPointer(source + 2 * i).loadUnaligned(as: SIMD16<Float>.self).evenHalf, destination, i)
            i += 8
        }
        if i < count && count >= 8 && 2 * (count - 8) + 16 <= readable {
            let last = count - 8
            store(UnsafeRawPointer(source + 2 * last).loadUnaligned(as: SIMD16<Float>.self).evenHalf, destination, last)
            return
        }
        while i < count { destination[i] = source[2 * i]; i += 1 }
    }

    /// `target[2 i] += values[i]`, eight at a time by rewriting sixteen values (the odd ones
    /// unchanged) while that stays within the `accessible` values from `target`.
    @inlinable @inline(__always)
    public static func scatterAddEven(_ values: UnsafePointer<Float>, into target: UnsafeMutablePointer<Float>, count: Int,
                                      accessible: Int) {
        var i = 0
        while i + 8 <= count && 2 * i + 16 <= accessible {
            let address = UnsafeMutableRawPointer(target + 2 * i)
            var pair = UnsafeRawPointer(address).loadUnaligned(as: SIMD16<Float>.self)
            pair.evenHalf += load(values, i)
            address.storeBytes(of: pair, as: SIMD16<Float>.self)
            i += 8
        }
        while i < count { target[2 * i] += values[i]; i += 1 }
    }

    /// `destination[2 i] = 0 + values[i]` and `destination[2 i + 1] = 0` for `i < count`, sixteen
    /// values a store: the stride-2 spreading of a row with zeros between its values.
    ///
    /// `0 + v` is `v` but for a negative zero, which becomes positive: the same bits as adding
    /// the values into a zeroed row (`scatterAddEven`).
    @inlinable @inline(__always)
    public static func interleaveWithZeros(_ values: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>,
                                           count: Int) {
        let zero = Vector(repeating: 0)
        var i = 0
        while i + 8 <= count {
            var pair = SIMD16<Float>(repeating: 0)
            pair.evenHalf = zero + load(values, i)
            UnsafeMutableRawPointer(destination + 2 * i).storeBytes(of: pair, as: SIMD16<Float>.self)
            i += 8
        }
        while i < count {
            destination[2 * i] = 0 + values[i]
            destination[2 * i + 1] = 0
            i += 1
        }
    }

    /// `destination[i] = 0`, inline (see `copy`).
    @inlinable @inline(__always)
    public static func clear(_ destination: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + 8 <= count {
            store(Vector(repeating: 0), destination, i)
            i += 8
        }
        while i < count { destination[i] = 0; i += 1 }
    }

    /// `destination[i] = value`.
    @inlinable
    public static func fill(_ destination: UnsafeMutablePointer<Float>, with value: Float, count: Int) {
        let v = Vector(repeating: value)
        var i = 0
        while i + 8 <= count {
            store(v, destination, i)
            i += 8
        }
        while i < count { destination[i] = value; i += 1 }
    }

    /// `y[i] += x[i]`.
    @inlinable
    public static func add(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + 8 <= count {
            store(load(y, i) + load(x, i), y, i)
            i += 8
        }
        while i < count { y[i] += x[i]; i += 1 }
    }

    /// `result[i] = a[i] + b[i]`.
    @inlinable
    public static func add(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, into result: UnsafeMutablePointer<Float>,
                           count: Int) {
        var i = 0
        while i + 8 <= count {
            store(load(a, i) + load(b, i), result, i)
            i += 8
        }
        while i < count { result[i] = a[i] + b[i]; i += 1 }
    }

    /// The sum of `count` values, accumulated in eight lanes.
    @inlinable
    public static func sum(_ x: UnsafePointer<Float>, count: Int) -> Float {
        var lanes = Vector(repeating: 0)
        var i = 0
        while i + 8 <= count {
            lanes += load(x, i)
            i += 8
        }
        var total = lanes.sum()
        while i < count { total += x[i]; i += 1 }
        return total
    }
}
