import CurveAnalysis
import Foundation

/// Short, locale-independent renderings of losses and other measures for tables and sentences.
///
/// Learning rates go through CurveAnalysis's `LRFormat`, as in `train`'s output and the plots' labels.
public enum NumberFormatting {
    /// Losses and other plain measures: three significant digits, no trailing zeros.
    public static func measure(_ value: Double) -> String {
        guard value.isFinite else { return nonFinite(value) }
        if value == 0 { return "0" }
        if abs(value) < 1e-3 || abs(value) >= 1e6 { return LRFormat.string(value) }
        return significant(value, digits: 3)
    }

    /// `value` rounded to `digits` significant digits in plain decimal notation (|value| in 1e-6...1e12).
    static func significant(_ value: Double, digits: Int) -> String {
        let exponent = Int(floor(log10(abs(value))))
        let decimals = max(0, digits - 1 - exponent)
        var power: Int64 = 1
        for _ in 0..<decimals { power *= 10 }
        let scaled = Int64((abs(value) * Double(power)).rounded())
        var text = (value < 0 && scaled != 0 ? "-" : "") + String(scaled / power)
        if decimals > 0 {
            var fraction = String(scaled % power).leftPadded(to: decimals)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            if !fraction.isEmpty { text += "." + fraction }
        }
        return text
    }

    static func nonFinite(_ value: Double) -> String {
        value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf")
    }
}
