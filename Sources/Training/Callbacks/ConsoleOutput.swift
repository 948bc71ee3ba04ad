#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Where console callbacks write their text: standard output, standard error, or a closure (tests).
public struct ConsoleOutput: Sendable {
    private let sink: @Sendable (String) -> Void

    /// Output handed to `sink`, one call per write.
    public init(_ sink: @escaping @Sendable (String) -> Void) {
        self.sink = sink
    }

    /// Writes `text` as is (no newline is added).
    public func write(_ text: String) {
        sink(text)
    }

    /// Standard output; what `print` buffered goes first, so lines interleave correctly with it.
    public static let standardOutput = ConsoleOutput { text in writeFlushing(text, toDescriptor: 1) }

    /// Standard error, after anything buffered.
    public static let standardError = ConsoleOutput { text in writeFlushing(text, toDescriptor: 2) }

    /// Flushes every C stream (`fflush(nil)` names no global), then writes `text` straight to `descriptor`.
    private static func writeFlushing(_ text: String, toDescriptor descriptor: Int32) {
        fflush(nil)
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 { if written < 0 && errno == EINTR { continue }; return }
                offset += written
            }
        }
    }

    /// Whether standard error is a terminal (where redrawn progress lines make sense).
    public static var standardErrorIsTerminal: Bool { isatty(2) == 1 }
}

/// Numbers with a fixed count of decimals and durations, for console lines and tables (the
/// progress bar, the epoch table, `train`'s summaries, a sweep's slope legend), without Foundation.
///
/// Halves round away from zero. Learning rates and losses in sentences use CurveAnalysis's
/// `LRFormat`; artifact files use round-trip text.
public enum ConsoleText {
    /// `value` with exactly `digits` decimals (`nan`, `inf` and `-inf` spelled out).
    public static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        guard abs(value) < 1e15 else { return "\(value)" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int64((abs(value) * scale).rounded())
        let whole = scaled / Int64(scale)
        let fraction = String(scaled % Int64(scale))
        let sign = value < 0 && scaled != 0 ? "-" : ""
        guard digits > 0 else { return sign + String(whole) }
        return sign + String(whole) + "." + String(repeating: "0", count: digits - fraction.count) + fraction
    }

    /// An optional value with `digits` decimals, or `-` when absent.
    public static func fixed(_ value: Float?, _ digits: Int) -> String {
        value.map { fixed(Double($0), digits) } ?? "-"
    }

    /// Seconds as `m:ss` (or `h:mm:ss` from an hour on).
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "-:--" }
        let total = Int(seconds.rounded())
        let (h, m, s) = (total / 3600, total / 60 % 60, total % 60)
        let ss = s < 10 ? "0\(s)" : "\(s)"
        if h > 0 { return "\(h):" + (m < 10 ? "0\(m)" : "\(m)") + ":" + ss }
        return "\(m):" + ss
    }

    /// `text` padded with spaces on the right to `width` characters.
    static func padded(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
#else
private let systemWrite = Darwin.write
#endif
