/// Locale-free number text for CSV and JSON artifacts.
///
/// Finite values use Swift's shortest round-trip form (`0.1`, `1e-07`, `3.0`), which every CSV
/// and JSON reader parses back to the same `Float`; non-finite values are `nan`, `inf`, `-inf`
/// (in JSON as strings, since JSON has no such numbers).
enum NumberText {
    /// `value` for a CSV cell.
    static func csv(_ value: Float) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return "\(value)"
    }

    /// `value` for a CSV cell.
    static func csv(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return "\(value)"
    }

    /// `value` as a JSON value: a number, or a string for non-finite values.
    static func json(_ value: Float) -> String {
        value.isFinite ? "\(value)" : "\"\(csv(value))\""
    }

    /// `value` as a JSON value: a number, or a string for non-finite values.
    static func json(_ value: Double) -> String {
        value.isFinite ? "\(value)" : "\"\(csv(value))\""
    }
}
