import Foundation

/// How a chart SVG maps data to pixels: the plot rectangle and each axis's scale, shown range and label.
///
/// Read from the frame rectangle's `data-x-*`/`data-y-*` attributes (docs/report.md) when the
/// chart has them, otherwise from the frame's position and the ranges its `<desc>` states
/// ("x axis: learning rate, log scale, 1e-7 to 10. …"), as charts recorded before those
/// attributes existed carry them.
struct PlotGeometry: Equatable, Sendable {
    struct Axis: Equatable, Sendable {
        var label: String
        /// `linear` or `log10`.
        var scale: String
        /// The shown range in scale units (log10 of the data on a log axis).
        var low: Double
        var high: Double
    }

    var left: Double, top: Double, right: Double, bottom: Double
    var x: Axis
    var y: Axis

    /// The pixel column of data value `value`, or nil off a log scale.
    func pixelX(_ value: Double) -> Double? {
        Self.scaled(value, x).map { left + ($0 - x.low) / (x.high - x.low) * (right - left) }
    }

    /// The pixel row of data value `value`, or nil off a log scale.
    func pixelY(_ value: Double) -> Double? {
        Self.scaled(value, y).map { bottom - ($0 - y.low) / (y.high - y.low) * (bottom - top) }
    }

    private static func scaled(_ value: Double, _ axis: Axis) -> Double? {
        guard value.isFinite else { return nil }
        if axis.scale == "log10" { return value > 0 ? log10(value) : nil }
        return value
    }

    /// The members of the JSON object the plot script reads: `frame` (left, top, right,
    /// bottom) and `x`/`y` (`label`, `scale`, `domain`).
    var jsonMembers: [(String, String)] {
        func axis(_ axis: Axis) -> String {
            ScriptJSON.object([("label", ScriptJSON.string(axis.label)), ("scale", ScriptJSON.string(axis.scale)),
                               ("domain", ScriptJSON.array([ScriptJSON.number(axis.low), ScriptJSON.number(axis.high)]))])
        }
        return [("frame", ScriptJSON.array([left, top, right, bottom].map(ScriptJSON.number))), ("x", axis(x)), ("y", axis(y))]
    }

    /// Geometry from the frame rectangle's attributes and the chart's description; nil when
    /// neither gives a usable mapping.
    static func read(frame attributes: [String: String], description: String) -> PlotGeometry? {
        guard let left = attributes["x"].flatMap(Double.init), let top = attributes["y"].flatMap(Double.init),
              let width = attributes["width"].flatMap(Double.init), let height = attributes["height"].flatMap(Double.init),
              width > 0, height > 0 else { return nil }
        let described = describedAxes(description)
        func axis(_ name: String, _ fallback: Axis?) -> Axis? {
            if let scale = attributes["data-\(name)-scale"], let domain = attributes["data-\(name)-domain"] {
                let bounds = domain.split(separator: " ").compactMap { Double($0) }
                guard scale == "linear" || scale == "log10", bounds.count == 2, bounds[0] < bounds[1] else { return nil }
                return Axis(label: fallback?.label ?? name, scale: scale, low: bounds[0], high: bounds[1])
            }
            return fallback
        }
        guard let x = axis("x", described.x), let y = axis("y", described.y) else { return nil }
        return PlotGeometry(left: left, top: top, right: left + width, bottom: top + height, x: x, y: y)
    }

    /// The axes a chart description states: "x axis: LABEL, log scale, LOW to HIGH." and the same for y.
    static func describedAxes(_ description: String) -> (x: Axis?, y: Axis?) {
        func axis(_ name: String) -> Axis? {
            guard let start = description.range(of: "\(name) axis: ") else { return nil }
            let rest = description[start.upperBound...]
            var marker: (range: Range<Substring.Index>, scale: String)?
            for (text, scale) in [(", log scale, ", "log10"), (", linear scale, ", "linear")] {
                if let found = rest.range(of: text), marker == nil || found.lowerBound < marker!.range.lowerBound {
                    marker = (found, scale)
                }
            }
            guard let marker else { return nil }
            let label = String(rest[..<marker.range.lowerBound])
            let numbers = rest[marker.range.upperBound...]
            guard let to = numbers.range(of: " to ") else { return nil }
            let lowText = numbers[..<to.lowerBound]
            var highText = numbers[to.upperBound...].prefix { !$0.isWhitespace }
            if highText.hasSuffix(".") { highText = highText.dropLast() }
            guard let low = Double(lowText), let high = Double(highText), low < high else { return nil }
            if marker.scale == "log10" {
                guard low > 0 else { return nil }
                return Axis(label: label, scale: "log10", low: log10(low), high: log10(high))
            }
            return Axis(label: label, scale: "linear", low: low, high: high)
        }
        return (axis("x"), axis("y"))
    }
}
