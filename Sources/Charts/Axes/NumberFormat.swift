import Foundation

/// Locale-free number formatting for SVG coordinates and axis labels.
///
/// Every function here builds its digits from integers, so the output never depends on the
/// process locale, and the same value always gives the same string.
public enum NumberFormat {
    /// `value` rounded to `decimals` places, trailing zeros and a trailing point trimmed
    /// (`12.5`, `3`, `-0.25`); `-0` prints as `0`.
    ///
    /// Magnitudes too large for fixed notation fall back to `compact(_:significantDigits:)`.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return nonFinite(value) }
        let places = max(0, min(decimals, 15))
        let scale = pow(10.0, Double(places))
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else { return compact(value, significantDigits: 6) }
        let digits = UInt64(scaled)
        if digits == 0 { return "0" }
        var text = String(digits)
        if places > 0 {
            if text.count <= places {
                text = String(repeating: "0", count: places - text.count + 1) + text
            }
            text.insert(".", at: text.index(text.endIndex, offsetBy: -places))
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return value < 0 ? "-" + text : text
    }

    /// A pixel coordinate: two decimals, trimmed (a hundredth of a pixel is below what any
    /// renderer shows).
    static func coordinate(_ value: Double) -> String {
        fixed(value, decimals: 2)
    }

    /// `value` with `significantDigits` significant digits, trailing zeros trimmed: plain
    /// decimals for magnitudes from 0.001 up to 10000 (`0.0123`, `42.5`), otherwise scientific
    /// with an ASCII exponent (`1.4e-7`, `2e5`).
    ///
    /// Meant for labels such as a marker's "valley 1.4e-3".
    public static func compact(_ value: Double, significantDigits: Int = 4) -> String {
        guard value.isFinite else { return nonFinite(value) }
        if value == 0 { return "0" }
        let digits = max(1, min(significantDigits, 15))
        let (mantissaDigits, exponent) = decimalParts(abs(value), significantDigits: digits)
        if exponent >= -3 && exponent < 4 {
            return fixed(value, decimals: max(0, digits - 1 - exponent))
        }
        return (value < 0 ? "-" : "") + scientific(mantissaDigits: mantissaDigits, digits: digits,
                                                  exponent: exponent)
    }

    /// `value` always in scientific notation with `significantDigits` digits (`1e-7`, `2.5e3`,
    /// `1e0`).
    public static func scientific(_ value: Double, significantDigits: Int = 4) -> String {
        guard value.isFinite else { return nonFinite(value) }
        if value == 0 { return "0" }
        let digits = max(1, min(significantDigits, 15))
        let (mantissaDigits, exponent) = decimalParts(abs(value), significantDigits: digits)
        return (value < 0 ? "-" : "") + scientific(mantissaDigits: mantissaDigits, digits: digits,
                                                  exponent: exponent)
    }

    /// The rounded significand as an integer of exactly `significantDigits` digits, and the
    /// decimal exponent of its first digit.
    private static func decimalParts(_ value: Double, significantDigits: Int) -> (UInt64, Int) {
        // Lift tiny values so that dividing by a power of ten below never divides by zero.
        let shift = value < 1e-290 ? 300 : 0
        let magnitude = shift == 0 ? value : value * 1e300
        var exponent = Int(log10(magnitude).rounded(.down))
        var scaled = (magnitude / pow(10.0, Double(exponent - significantDigits + 1))).rounded()
        let limit = pow(10.0, Double(significantDigits))
        if scaled >= limit {
            exponent += 1
            scaled = (magnitude / pow(10.0, Double(exponent - significantDigits + 1))).rounded()
        } else if scaled < limit / 10 {
            exponent -= 1
            scaled = (magnitude / pow(10.0, Double(exponent - significantDigits + 1))).rounded()
        }
        return (UInt64(min(scaled, limit - 1)), exponent - shift)
    }

    private static func scientific(mantissaDigits: UInt64, digits: Int, exponent: Int) -> String {
        var text = String(mantissaDigits)
        if digits > 1 {
            text.insert(".", at: text.index(after: text.startIndex))
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text + "e" + String(exponent)
    }

    private static func nonFinite(_ value: Double) -> String {
        value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf")
    }
}
