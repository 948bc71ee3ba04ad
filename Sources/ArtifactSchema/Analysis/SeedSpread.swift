/// The spread of one suggestion over the seeds run at one batch size: a point of group.json's
/// `scaling.<suggestion>.points`.
///
/// This is the stored shape; CurveAnalysis computes it from the runs' values
/// (`SeedSpread(batchSize:values:)`).
public struct SeedSpread: Sendable, Equatable, Codable {
    public var batchSize: Int
    /// How many runs (seeds) the values come from.
    public var count: Int
    public var median: Double
    /// The smallest value.
    public var low: Double
    /// The largest value.
    public var high: Double
    /// The 25th percentile, interpolated linearly between order statistics (numpy's default).
    public var lowerQuartile: Double
    /// The 75th percentile, interpolated like `lowerQuartile`.
    public var upperQuartile: Double

    public init(batchSize: Int, count: Int, median: Double, low: Double, high: Double,
                lowerQuartile: Double, upperQuartile: Double) {
        self.batchSize = batchSize
        self.count = count
        self.median = median
        self.low = low
        self.high = high
        self.lowerQuartile = lowerQuartile
        self.upperQuartile = upperQuartile
    }
}
