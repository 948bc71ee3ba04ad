/// The element types LRLab reads and writes in safetensors files, named as in the header.
///
/// Floating types are held as `Float` in memory: F16, BF16 and F64 are converted on read (F64
/// rounds to nearest) and on write (F16 and BF16 round to nearest even, as numpy and PyTorch do).
/// I64 holds counts such as BatchNorm's `num_batches_tracked` and integer labels.
public enum SafetensorsDType: String, CaseIterable, Sendable {
    case f64 = "F64"
    case f32 = "F32"
    case f16 = "F16"
    case bf16 = "BF16"
    case i64 = "I64"

    /// Bytes per element.
    public var size: Int {
        switch self {
        case .f64, .i64: 8
        case .f32: 4
        case .f16, .bf16: 2
        }
    }

    /// Whether the elements are floating point (held as `Float`).
    public var isFloatingPoint: Bool { self != .i64 }

    /// The writer's sort rank: the reference writer lays tensors out by its dtype enumeration in
    /// descending order (so wider types come first and stay aligned), then by name.
    var writeOrder: Int {
        switch self {
        case .f16: 7
        case .bf16: 8
        case .f32: 11
        case .f64: 12
        case .i64: 13
        }
    }

    /// Dtypes of the format that LRLab recognises but does not read.
    static let unsupportedNames: Set<String> = [
        "BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2", "I16", "U16", "I32",
        "U32", "U64", "C64",
    ]
}

/// Conversions between `Float` and the 16-bit floating formats, bit by bit (no `Float16`, which
/// some platforms lack).
enum HalfPrecision {
    /// The IEEE binary16 value with bits `bits`, exactly.
    static func float(fromHalf bits: UInt16) -> Float {
        let sign = UInt32(bits & 0x8000) << 16
        let exponent = UInt32(bits >> 10) & 0x1F
        let mantissa = UInt32(bits & 0x3FF)
        switch exponent {
        case 0:
            // Zero or subnormal: mantissa * 2^-24, exact in Float.
            let magnitude = Float(mantissa) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        case 0x1F:
            return Float(bitPattern: sign | 0x7F80_0000 | mantissa << 13)
        default:
            return Float(bitPattern: sign | (exponent + 112) << 23 | mantissa << 13)
        }
    }

    /// The binary16 bits nearest to `value` (ties to even; overflow gives infinity, NaN stays NaN).
    static func half(from value: Float) -> UInt16 {
        let bits = value.bitPattern
        let sign = UInt16(truncatingIfNeeded: (bits >> 16) & 0x8000)
        let exponent = Int((bits >> 23) & 0xFF)
        let mantissa = bits & 0x7F_FFFF
        if exponent == 0xFF {
            return sign | 0x7C00 | (mantissa == 0 ? 0 : 0x200 | UInt16(truncatingIfNeeded: mantissa >> 13))
        }
        let halfExponent = exponent - 127 + 15
        if halfExponent >= 0x1F { return sign | 0x7C00 }
        if halfExponent <= 0 {
            // Subnormal result: the 24-bit significand shifted down, rounded to nearest even.
            let shift = 14 - halfExponent
            guard shift <= 24, exponent != 0 else { return sign }
            let significand = mantissa | 0x80_0000
            return sign | UInt16(truncatingIfNeeded: roundedShift(significand, by: shift))
        }
        // Normal: a carry out of the mantissa correctly bumps the exponent (up to infinity).
        let combined = UInt32(halfExponent) << 23 | mantissa
        return sign | UInt16(truncatingIfNeeded: roundedShift(combined, by: 13))
    }

    /// The bfloat16 bits nearest to `value` (ties to even; NaN stays a quiet NaN).
    static func bfloat(from value: Float) -> UInt16 {
        let bits = value.bitPattern
        if value.isNaN { return UInt16(truncatingIfNeeded: bits >> 16) | 0x0040 }
        return UInt16(truncatingIfNeeded: roundedShift(bits, by: 16))
    }

    /// The Float with bfloat16 bits `bits`, exactly.
    static func float(fromBFloat bits: UInt16) -> Float {
        Float(bitPattern: UInt32(bits) << 16)
    }

    /// `value >> shift` rounded to nearest, ties to even.
    private static func roundedShift(_ value: UInt32, by shift: Int) -> UInt32 {
        let kept = value >> UInt32(shift)
        let remainder = value & ((1 << UInt32(shift)) - 1)
        let halfway: UInt32 = 1 << UInt32(shift - 1)
        return remainder > halfway || (remainder == halfway && kept & 1 == 1) ? kept + 1 : kept
    }
}
