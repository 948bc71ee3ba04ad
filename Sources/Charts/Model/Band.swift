/// A shaded region between a lower and an upper curve, such as the spread over seeds.
///
/// A non-finite value (or a non-positive one on a log axis) splits the band into pieces.
public struct Band: Sendable, Equatable {
    /// One x position with the band's lower and upper edge there.
    public struct Sample: Sendable, Equatable {
        public var x: Double
        public var low: Double
        public var high: Double

        public init(x: Double, low: Double, high: Double) {
            self.x = x
            self.low = low
            self.high = high
        }
    }

    /// The legend text; empty for no legend entry.
    public var name: String
    public var samples: [Sample]
    /// The fill colour; nil picks the palette entry for the band's position in the chart, so the
    /// n-th band matches the n-th series.
    public var color: ChartColor?
    /// The fill opacity, from 0 to 1.
    public var opacity: Double

    public init(name: String = "", samples: [Sample], color: ChartColor? = nil, opacity: Double = 0.15) {
        self.name = name
        self.samples = samples
        self.color = color
        self.opacity = opacity
    }

    /// A band from parallel arrays.
    ///
    /// - Throws: `ChartError.mismatchedLengths` when the arrays differ in length.
    public init(name: String = "", x: [Double], low: [Double], high: [Double], color: ChartColor? = nil,
                opacity: Double = 0.15) throws {
        guard x.count == low.count, x.count == high.count else {
            throw ChartError.mismatchedLengths(element: "band \"\(name)\"",
                                               counts: [x.count, low.count, high.count])
        }
        let samples = x.indices.map { Sample(x: x[$0], low: low[$0], high: high[$0]) }
        self.init(name: name, samples: samples, color: color, opacity: opacity)
    }
}
