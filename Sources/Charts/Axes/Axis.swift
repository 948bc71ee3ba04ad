import Foundation

/// How data values map to distance along an axis.
public enum AxisScale: String, Sendable, Equatable {
    /// Equal differences are equal distances.
    case linear
    /// Equal ratios are equal distances; values at or below zero are dropped.
    case log10

    /// The value in the space where the axis is linear, or nil when it cannot be shown.
    func transform(_ value: Double) -> Double? {
        guard value.isFinite else { return nil }
        switch self {
        case .linear: return value
        case .log10: return value > 0 ? Foundation.log10(value) : nil
        }
    }

    /// The data value at `transformed`, the inverse of `transform`.
    func inverse(_ transformed: Double) -> Double {
        switch self {
        case .linear: return transformed
        case .log10: return pow(10, transformed)
        }
    }

    /// Whether `value` can be placed on an axis of this scale.
    func accepts(_ value: Double) -> Bool {
        transform(value) != nil
    }
}

/// One axis of a chart: its label, scale and, optionally, a fixed domain or fixed ticks.
public struct Axis: Sendable, Equatable {
    /// Text under (x) or beside (y) the axis; empty for none.
    public var label: String
    public var scale: AxisScale
    /// The shown range of data values; nil to fit the data. A zero-width domain is padded.
    public var domain: ClosedRange<Double>?
    /// Values to tick and label instead of the automatic ones (for example batch sizes
    /// 4, 8, 16, 32, 64 on a log axis); values outside the domain are skipped.
    public var ticks: [Double]?

    public init(label: String = "", scale: AxisScale = .linear, domain: ClosedRange<Double>? = nil,
                ticks: [Double]? = nil) {
        self.label = label
        self.scale = scale
        self.domain = domain
        self.ticks = ticks
    }
}
