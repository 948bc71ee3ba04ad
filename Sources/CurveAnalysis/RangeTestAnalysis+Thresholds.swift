import ArtifactSchema

/// The thresholds `RangeTestAnalysis(curve:)` measures with (the stored shape is in ArtifactSchema).
extension RangeTestAnalysis {
    /// The loss counts as falling once it stays this fraction of the start-to-minimum drop below its
    /// start (the median of the first tenth of the points) until the minimum.
    public static let fallStartFraction = 0.02
    /// The descent is meaningful when the minimum is this fraction (of the peak) below the peak before it.
    public static let minimumDescentFraction = 0.1
    /// The loss diverges when it exceeds this many times the minimum (fastai's `stop_div` rule).
    public static let divergenceFactor = 4.0
    /// Divergence at a point index below this is immediate.
    public static let immediateDivergencePoints = 5
    /// The local median the noise level is measured against spans this many points.
    public static let noiseWindow = 7
    /// A rise-then-fall counts as a bump when its height is this fraction of the descent.
    public static let bumpFraction = 0.05
}
