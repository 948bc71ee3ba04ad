/// What an LR range test shows: where the loss starts to fall, falls fastest, bottoms out and
/// diverges, how noisy it is, and flags for shapes worth explaining.
///
/// Stored in run.json as `analysis`. This is the stored shape; CurveAnalysis computes it from a
/// curve (`RangeTestAnalysis(curve:)`, with the thresholds named there) and explains it. All
/// values come from the curve's `losses` (the smoothed loss when recorded); learning rates are
/// those of recorded points.
public struct RangeTestAnalysis: Sendable, Equatable, Codable {
    /// A shape of the curve worth explaining to the reader.
    ///
    /// Every threshold is set against the curve's own batch-to-batch noise (`noiseLevel` times the
    /// median raw loss, in loss units); CurveAnalysis names the multiples and docs/lr-finder.md
    /// says how they were chosen.
    public enum Flag: String, Sendable, CaseIterable, Codable {
        /// Before its minimum, the smoothed loss rises and falls again by more than
        /// `bumpNoiseMultiple` times the noise, staying that high for `bumpSustainedPoints` points
        /// in a row; the first tenth of the points (the smoothing's warm-up) is not searched.
        case bumpBeforeMinimum = "bump-before-minimum"
        /// The smoothed loss never falls below the start level (the median raw loss of the first
        /// tenth) by more than `descentNoiseMultiple` times the noise (by `minimumDescentFraction` of
        /// that level when there is no noise estimate), e.g. a test after training.
        case noDescent = "no-descent"
        /// The loss diverges within the first `immediateDivergencePoints` points.
        case divergedImmediately = "diverged-immediately"
        /// After its minimum the smoothed loss climbs back above its start level (by more than
        /// `descentNoiseMultiple` times the noise) without exceeding `divergenceFactor` times the
        /// minimum: training broke down, but the divergence rule did not fire.
        case roseAboveStart = "rose-above-start"
        /// The curve ends without exceeding `divergenceFactor` times its minimum or becoming NaN,
        /// and without climbing back above its start level: the test stopped before the breakdown.
        case neverDiverged = "never-diverged"
        /// Written by LRLab before the noise-calibrated rule (a rise of 5% of the descent anywhere
        /// before divergence, which two noisy batches could reach); read from old run.json files,
        /// never computed now.
        case bumpBeforeDivergence = "bump-before-divergence"
    }

    /// The lr from which the loss stays `fallStartFraction` of the start-to-minimum drop below its
    /// start until the minimum; nil without a meaningful descent.
    public var fallStartLR: Double?
    /// The lr where the loss falls fastest against log(lr) before the minimum, after the first tenth
    /// of the points (the smoothing's warm-up) unless the minimum comes that early.
    public var steepestLR: Double?
    /// The lr at the lowest loss (before any NaN).
    public var minimumLR: Double?
    /// The lowest loss.
    public var minimumLoss: Double?
    /// The first lr after the minimum where the loss exceeds `divergenceFactor` times the minimum
    /// or is not finite; nil when the curve never does.
    public var divergenceLR: Double?
    /// How noisy the raw loss is before divergence: the median distance of each raw loss from the
    /// median of the `noiseWindow` points around it, over the median raw loss; nil when the curve
    /// has no raw loss next to the smoothed one (or fewer than `noiseWindow` points).
    public var noiseLevel: Double?
    /// The shapes found, in `Flag.allCases` order.
    public var flags: [Flag]
    /// Flags in the file that this version does not know (from a newer LRLab), kept so readers
    /// can name them and writers write them back after `flags`.
    public var unknownFlags: [String]

    public init(fallStartLR: Double? = nil, steepestLR: Double? = nil, minimumLR: Double? = nil,
                minimumLoss: Double? = nil, divergenceLR: Double? = nil, noiseLevel: Double? = nil,
                flags: [Flag] = [], unknownFlags: [String] = []) {
        self.fallStartLR = fallStartLR
        self.steepestLR = steepestLR
        self.minimumLR = minimumLR
        self.minimumLoss = minimumLoss
        self.divergenceLR = divergenceLR
        self.noiseLevel = noiseLevel
        self.flags = flags
        self.unknownFlags = unknownFlags
    }

    private enum CodingKeys: String, CodingKey {
        case fallStartLR, steepestLR, minimumLR, minimumLoss, divergenceLR, noiseLevel, flags
    }

    /// Decodes run.json's form; flags this version does not know go to `unknownFlags`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        fallStartLR = try container.decodeIfPresent(Double.self, forKey: .fallStartLR)
        steepestLR = try container.decodeIfPresent(Double.self, forKey: .steepestLR)
        minimumLR = try container.decodeIfPresent(Double.self, forKey: .minimumLR)
        minimumLoss = try container.decodeIfPresent(Double.self, forKey: .minimumLoss)
        divergenceLR = try container.decodeIfPresent(Double.self, forKey: .divergenceLR)
        noiseLevel = try container.decodeIfPresent(Double.self, forKey: .noiseLevel)
        let names = try container.decode([String].self, forKey: .flags, absent: [])
        flags = names.compactMap(Flag.init(rawValue:))
        unknownFlags = names.filter { Flag(rawValue: $0) == nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(fallStartLR, forKey: .fallStartLR)
        try container.encodeIfPresent(steepestLR, forKey: .steepestLR)
        try container.encodeIfPresent(minimumLR, forKey: .minimumLR)
        try container.encodeIfPresent(minimumLoss, forKey: .minimumLoss)
        try container.encodeIfPresent(divergenceLR, forKey: .divergenceLR)
        try container.encodeIfPresent(noiseLevel, forKey: .noiseLevel)
        try container.encode(flags.map(\.rawValue) + unknownFlags, forKey: .flags)
    }
}
