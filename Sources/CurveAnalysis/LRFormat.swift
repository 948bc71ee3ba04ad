import Foundation

/// Short, locale-free text for people: learning rates (`string`) and losses and other measures
/// (`loss`), as `train` prints them, the plots label them and the report shows them.
///
/// Artifacts do not use it: their numbers are round-trip text (see the recorders), axis ticks
/// are Charts' `NumberFormat`, and console columns of fixed width are Training's `ConsoleText`.
public enum LRFormat {
    /// A learning rate with two significant digits, trailing zeros dropped: plain (`0.02`, `0.6`,
    /// `120`) from 0.01 up to 1000, `3e-5` / `1.4e-3` / `2e4` style outside.
    public static func string(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value == 0 { return "0" }
        // Round to two significant digits first, so 0.00996 becomes 0.01 (plain) and not 1e-2.
        let rounded = Double(printed(value, "%.1e")) ?? value
        let magnitude = abs(rounded)
        if magnitude >= 0.01 && magnitude < 1000 {
            return trimZeros(printed(rounded, "%.*f", decimals: Int32(max(0, 1 - exponent(of: magnitude)))))
        }
        let parts = printed(rounded, "%.1e").split(separator: "e")
        let mantissa = trimZeros(String(parts[0]))
        let power = Int(parts[1]) ?? 0
        return "\(mantissa)e\(power)"
    }

    /// A loss or another plain measure (accuracy, momentum, seconds) with three significant
    /// digits, trailing zeros dropped, whole numbers in full: plain from 0.001 up to a million
    /// (`0.612`, `2.3`, `1235`), in `string`'s style outside (`1.2e-4`).
    public static func loss(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        if value == 0 { return "0" }
        if abs(value) < 1e-3 || abs(value) >= 1e6 { return string(value) }
        // Digits from integers: the fraction keeps `decimals` places, then loses trailing zeros.
        let decimals = max(0, 2 - Int(Foundation.floor(Foundation.log10(abs(value)))))
        var power: Int64 = 1
        for _ in 0..<decimals { power *= 10 }
        let scaled = Int64((abs(value) * Double(power)).rounded())
        var text = (value < 0 && scaled != 0 ? "-" : "") + String(scaled / power)
        if decimals > 0 {
            let digits = String(scaled % power)
            var fraction = String(repeating: "0", count: max(0, decimals - digits.count)) + digits
            while fraction.hasSuffix("0") { fraction.removeLast() }
            if !fraction.isEmpty { text += "." + fraction }
        }
        return text
    }

    /// `value` through C's `printf` conversion `format` (`%.1e`, or `%.*f` with `decimals`), which is
    /// what `String(format:)` hands its doubles to, without the cost of building an NSString.
    static func printed(_ value: Double, _ format: String, decimals: Int32? = nil) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 400) { buffer -> String in
            let arguments: [any CVarArg] = decimals.map { [$0, value] } ?? [value]
            let count = withVaList(arguments) { vsnprintf(buffer.baseAddress!, buffer.count, format, $0) }
            guard count >= 0, Int(count) < buffer.count else { return String(format: format, arguments: arguments) }
            return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress!, count: Int(count)), as: UTF8.self)
        }
    }

    /// The base-10 exponent of a positive, already rounded value.
    private static func exponent(of magnitude: Double) -> Int {
        Int(Foundation.floor(Foundation.log10(magnitude) + 1e-9))
    }

    private static func trimZeros(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: ".")) else { return text }
        var result = Substring(text)
        while result.hasSuffix("0") { result = result.dropLast() }
        if result.hasSuffix(".") { result = result.dropLast() }
        return String(result)
    }
}
