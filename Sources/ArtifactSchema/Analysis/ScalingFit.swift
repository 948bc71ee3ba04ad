/// A least-squares power law `lr = exp(intercept) * batchSize^slope` fitted on ln(lr) against
/// ln(batchSize), with the per-batch-size spread over seeds: group.json's `scaling.<suggestion>`.
///
/// This is the stored shape; CurveAnalysis fits it (`ScalingFit(samples:)`) and predicts from it.
public struct ScalingFit: Sendable, Equatable, Codable {
    /// Which points the line is fitted to.
    public enum Source: String, Sendable, Codable {
        /// One point per batch size: the median over seeds (robust to one odd seed).
        case medians
        /// Every run's point.
        case allPoints
    }

    /// d ln(lr) / d ln(batch size): 1 means "scale the lr linearly with the batch size", 0.5 "with its square root".
    public var slope: Double
    /// The standard error of `slope`; nil with only two points (no residual degree of freedom).
    public var slopeStdErr: Double?
    /// ln(lr) at batch size 1.
    public var intercept: Double
    public var source: Source
    /// The spread over seeds at each batch size, ascending.
    public var points: [SeedSpread]

    public init(slope: Double, slopeStdErr: Double?, intercept: Double, source: Source, points: [SeedSpread]) {
        self.slope = slope
        self.slopeStdErr = slopeStdErr
        self.intercept = intercept
        self.source = source
        self.points = points
    }
}
