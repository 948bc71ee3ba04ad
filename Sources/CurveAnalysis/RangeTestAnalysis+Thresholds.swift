import ArtifactSchema

/// The thresholds `RangeTestAnalysis(curve:)` measures with (the stored shape is in ArtifactSchema).
///
/// The flag thresholds are multiples of the curve's noise in loss units: `noiseLevel` times the
/// median raw loss before divergence. That measure (a median distance from a 7-point local
/// median) is about half the standard deviation of Gaussian batch noise. The multiples were chosen
/// on simulated pure-noise curves and on the committed range tests (docs/lr-finder.md, "Curve
/// flags").
extension RangeTestAnalysis {
    /// The loss counts as falling once it stays this fraction of the start-to-minimum drop below its
    /// start (the median of the first tenth of the points) until the minimum.
    public static let fallStartFraction = 0.02
    /// Without a noise estimate, the descent is meaningful when the minimum is this fraction of the
    /// start level below it.
    public static let minimumDescentFraction = 0.1
    /// The descent (from the median raw loss of the first tenth to the smoothed minimum), and a
    /// climb back above that start level, must exceed this many times the noise.
    /// The debiased smoothed loss of pure noise falls below its start level by at most 2.4 times
    /// the noise in 99% of simulated Gaussian curves (4.6 with heavy-tailed t3 noise).
    public static let descentNoiseMultiple = 3.0
    /// A bump must rise and fall by more than this many times the noise. On simulated pure-noise
    /// curves (Gaussian and t3, flat or falling) the largest sustained rise-and-fall of the
    /// smoothed loss stays below 3.7 times the noise.
    public static let bumpNoiseMultiple = 4.0
    /// A bump must stay above its threshold for this many points in a row: two bad batches lift
    /// the smoothed loss for about three points before the falling trend pulls it back.
    public static let bumpSustainedPoints = 5
    /// Without a noise estimate (no raw loss recorded, or a noise-free curve), a bump must rise and
    /// fall by this fraction of the descent instead; it is also the least height with one.
    public static let bumpFraction = 0.05
    /// The loss diverges when it exceeds this many times the minimum (fastai's `stop_div` rule).
    public static let divergenceFactor = 4.0
    /// Divergence at a point index below this is immediate.
    public static let immediateDivergencePoints = 5
    /// The local median the noise level is measured against spans this many points.
    public static let noiseWindow = 7
}
