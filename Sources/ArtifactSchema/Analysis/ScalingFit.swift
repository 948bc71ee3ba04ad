/// A least-squares power law `lr = exp(intercept) * batchSize^slope` fitted on ln(lr) against
/// ln(batchSize), with the per-batch-size spread over seeds: group.json's `scaling.<suggestion>`.
///
/// This is the stored shape; CurveAnalysis fits it (`ScalingFit(samples:)`) and predicts from it.
public struct ScalingFit: Sendable, Equatable, Codable {
    /// Which points the line is fitted to.
    public enum Source: String, Sendable, Codable {
        /// One point per batch size: the median over seeds (robust to one odd seed). Its
        /// `slopeStdErr` ignores the spread over seeds, so it understates the uncertainty.
        case medians
        /// Every run's point (the default since group.json carries `slopeInterval`).
        case allPoints
    }

    /// A confidence interval for the slope from resampling the seeds within each batch size.
    public struct SlopeInterval: Sendable, Equatable, Codable {
        /// The lower end: the `(1 - level) / 2` percentile of the resampled slopes.
        public var lower: Double
        /// The upper end: the `(1 + level) / 2` percentile of the resampled slopes.
        public var upper: Double
        /// The nominal coverage, e.g. 0.95.
        public var level: Double
        /// How many resampled sweeps the percentiles come from.
        public var resamples: Int

        public init(lower: Double, upper: Double, level: Double, resamples: Int) {
            self.lower = lower
            self.upper = upper
            self.level = level
            self.resamples = resamples
        }
    }

    /// d ln(lr) / d ln(batch size): 1 means "scale the lr linearly with the batch size", 0.5 "with its square root".
    public var slope: Double
    /// The least-squares standard error of `slope`; nil with only two points (no residual degree of freedom).
    public var slopeStdErr: Double?
    /// ln(lr) at batch size 1.
    public var intercept: Double
    public var source: Source
    /// The spread over seeds at each batch size, ascending.
    public var points: [SeedSpread]
    /// The seed-bootstrap interval of `slope`; nil in group.json files written before it existed,
    /// or when some batch size has a single run (nothing to resample).
    public var slopeInterval: SlopeInterval?

    public init(slope: Double, slopeStdErr: Double?, intercept: Double, source: Source, points: [SeedSpread],
                slopeInterval: SlopeInterval? = nil) {
        self.slope = slope
        self.slopeStdErr = slopeStdErr
        self.intercept = intercept
        self.source = source
        self.points = points
        self.slopeInterval = slopeInterval
    }
}
