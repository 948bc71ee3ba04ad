/// Unconnected points, each with an optional vertical error bar (for example the median
/// suggested LR per batch size with the spread over seeds).
public struct Scatter: Sendable, Equatable {
    /// One point and the optional ends of its error bar.
    public struct Point: Sendable, Equatable {
        public var x: Double
        public var y: Double
        /// The error bar's lower end; nil for none.
        public var low: Double?
        /// The error bar's upper end; nil for none.
        public var high: Double?

        public init(x: Double, y: Double, low: Double? = nil, high: Double? = nil) {
            self.x = x
            self.y = y
            self.low = low
            self.high = high
        }
    }

    /// The legend text; empty for no legend entry.
    public var name: String
    public var points: [Point]
    /// The colour; nil picks the palette entry for the scatter's position in the chart.
    public var color: ChartColor?
    /// The dot radius in pixels of a full-size chart.
    public var radius: Double

    public init(name: String = "", points: [Point], color: ChartColor? = nil, radius: Double = 4) {
        self.name = name
        self.points = points
        self.color = color
        self.radius = radius
    }
}
