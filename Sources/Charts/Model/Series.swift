/// A point in data coordinates.
public struct ChartPoint: Sendable, Equatable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// A named line through points in the order given; a non-finite point (or a non-positive one on
/// a log axis) breaks the line.
public struct Series: Sendable, Equatable {
    /// The legend text; empty for no legend entry.
    public var name: String
    public var points: [ChartPoint]
    /// The stroke colour; nil picks the palette entry for the series' position in the chart.
    public var color: ChartColor?
    public var dash: Dash
    /// The stroke width in pixels of a full-size chart (thumbnails draw thinner).
    public var lineWidth: Double
    /// Whether every point also gets a dot.
    public var showsPoints: Bool

    public init(name: String = "", points: [ChartPoint], color: ChartColor? = nil, dash: Dash = .solid,
                lineWidth: Double = 2, showsPoints: Bool = false) {
        self.name = name
        self.points = points
        self.color = color
        self.dash = dash
        self.lineWidth = lineWidth
        self.showsPoints = showsPoints
    }

    /// A series from parallel `x` and `y` arrays.
    ///
    /// - Throws: `ChartError.mismatchedLengths` when the arrays differ in length.
    public init(name: String = "", x: [Double], y: [Double], color: ChartColor? = nil,
                dash: Dash = .solid, lineWidth: Double = 2, showsPoints: Bool = false) throws {
        guard x.count == y.count else {
            throw ChartError.mismatchedLengths(element: "series \"\(name)\"", counts: [x.count, y.count])
        }
        self.init(name: name, points: zip(x, y).map { ChartPoint(x: $0, y: $1) }, color: color,
                  dash: dash, lineWidth: lineWidth, showsPoints: showsPoints)
    }
}
