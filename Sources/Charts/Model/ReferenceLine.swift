/// A straight line across the plot: horizontal, vertical, or through two data points.
///
/// On log axes "straight" means straight on screen, so a line through two points of a log-log
/// chart draws a power law, which is what a fit of log(y) against log(x) gives.
public struct ReferenceLine: Sendable, Equatable {
    /// Where the line runs.
    public enum Placement: Sendable, Equatable {
        /// Across the whole plot at height `y`.
        case horizontal(y: Double)
        /// Across the whole plot at position `x`.
        case vertical(x: Double)
        /// From one data point to another.
        case segment(from: ChartPoint, to: ChartPoint)
    }

    /// The legend text; empty for no legend entry.
    public var name: String
    public var placement: Placement
    /// The stroke colour; nil for the text colour.
    public var color: ChartColor?
    public var dash: Dash
    /// The stroke width in pixels of a full-size chart.
    public var lineWidth: Double

    public init(name: String = "", placement: Placement, color: ChartColor? = nil, dash: Dash = .dashed,
                lineWidth: Double = 1.5) {
        self.name = name
        self.placement = placement
        self.color = color
        self.dash = dash
        self.lineWidth = lineWidth
    }

    /// A horizontal line at `y`.
    public static func horizontal(y: Double, name: String = "", color: ChartColor? = nil,
                                  dash: Dash = .dashed) -> ReferenceLine {
        ReferenceLine(name: name, placement: .horizontal(y: y), color: color, dash: dash)
    }

    /// A vertical line at `x`.
    public static func vertical(x: Double, name: String = "", color: ChartColor? = nil,
                                dash: Dash = .dashed) -> ReferenceLine {
        ReferenceLine(name: name, placement: .vertical(x: x), color: color, dash: dash)
    }

    /// A line from `start` to `end` in data coordinates.
    public static func segment(from start: ChartPoint, to end: ChartPoint, name: String = "",
                               color: ChartColor? = nil, dash: Dash = .dashed) -> ReferenceLine {
        ReferenceLine(name: name, placement: .segment(from: start, to: end), color: color, dash: dash)
    }
}
