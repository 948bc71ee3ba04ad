import Foundation

/// Short, consistent text for learning rates: two significant digits, plain (`0.02`, `0.6`, `120`)
/// from 0.01 up to 1000, `3e-5` / `1.4e-3` / `2e4` style outside.
public enum LRFormat {
    /// `value` with two significant digits, trailing zeros dropped.
    public static func string(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value == 0 { return "0" }
        // Round to two significant digits first, so 0.00996 becomes 0.01 (plain) and not 1e-2.
        let rounded = Double(String(format: "%.1e", value)) ?? value
        let magnitude = abs(rounded)
        if magnitude >= 0.01 && magnitude < 1000 {
            return trimZeros(String(format: "%.*f", max(0, 1 - exponent(of: magnitude)), rounded))
        }
        let parts = String(format: "%.1e", rounded).split(separator: "e")
        let mantissa = trimZeros(String(parts[0]))
        let power = Int(parts[1]) ?? 0
        return "\(mantissa)e\(power)"
    }

    /// A loss with three significant digits, e.g. `0.612` or `2.3`.
    public static func loss(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        var text = String(format: "%.3g", value)
        if text.contains("."), !text.contains("e") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// The base-10 exponent of a positive, already rounded value.
    private static func exponent(of magnitude: Double) -> Int {
        Int(Foundation.floor(Foundation.log10(magnitude) + 1e-9))
    }

    private static func trimZeros(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var result = Substring(text)
        while result.hasSuffix("0") { result = result.dropLast() }
        if result.hasSuffix(".") { result = result.dropLast() }
        return String(result)
    }
}
