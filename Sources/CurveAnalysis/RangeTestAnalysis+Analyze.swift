import ArtifactSchema
import Foundation

extension RangeTestAnalysis {
    /// Analyses every recorded point of `curve` (no points are dropped, unlike the suggestions).
    public init(curve: RecordedCurve) {
        self.init()
        let losses = curve.losses.map(Double.init)
        let lrs = curve.lrs.map(Double.init)
        guard !losses.isEmpty else { return }
        // Points before the first NaN or infinite loss.
        let finiteEnd = losses.firstIndex(where: { !$0.isFinite }) ?? losses.count
        guard finiteEnd > 0 else {
            divergenceLR = lrs[0]
            flags = [.divergedImmediately]
            return
        }
        var lowest = 0
        for i in 1..<finiteEnd where losses[i] < losses[lowest] { lowest = i }
        let minimum = losses[lowest]
        minimumLR = lrs[lowest]
        minimumLoss = minimum

        let divergence = (lowest + 1..<losses.count).first { i in
            !losses[i].isFinite || (minimum > 0 && losses[i] > Self.divergenceFactor * minimum)
        }
        divergenceLR = divergence.map { lrs[$0] }
        let stableEnd = divergence ?? losses.count
        let noise = curve.rawLosses.flatMap { Self.noiseDeviation(raw: $0.map(Double.init), end: stableEnd) }
        noiseLevel = noise.flatMap { $0.level > 0 ? $0.deviation / $0.level : nil }
        // The noise in loss units; nil without raw losses or when the raw loss is noise-free.
        let noiseLoss = noise.map(\.deviation).flatMap { $0 > 0 ? $0 : nil }

        // The start level is the median of the first tenth, so one noisy early point (or the
        // smoothing's warm-up, where the smoothed loss is still mostly raw) cannot set it.
        let start = Self.median(Array(losses[0..<max(1, min(losses.count / 10, lowest + 1))])) ?? losses[0]
        let descent = start - minimum
        // Whether the curve descends is judged from the raw start level when there is one: the
        // first smoothed points are nearly raw, so their median is about as noisy as one batch.
        let rawStart = curve.rawLosses.flatMap { raw in
            Self.median(raw.prefix(max(1, min(raw.count / 10, lowest + 1))).map(Double.init).filter(\.isFinite))
        }
        let fall = (rawStart ?? start) - minimum
        let descends = noiseLoss.map { fall > Self.descentNoiseMultiple * $0 }
            ?? (fall > Self.minimumDescentFraction * abs(rawStart ?? start))
        let immediate = divergence.map { $0 < Self.immediateDivergencePoints } ?? false
        // Like fastai, skip the first tenth, where the smoothed loss is still mostly raw noise.
        let warmUp = losses.count / 10 < lowest ? losses.count / 10 : 0
        if descends {
            // The fall starts where the loss goes below the level for good (up to the minimum).
            let level = start - Self.fallStartFraction * descent
            let lastAbove = (0...lowest).last { losses[$0] >= level }
            fallStartLR = lrs[lastAbove.map { $0 + 1 } ?? 0]
            steepestLR = Self.steepestIndex(lrs: lrs, losses: losses, from: warmUp, through: lowest)
                .map { lrs[$0] }
        }
        var found: [Flag] = []
        let bumpThreshold = max(Self.bumpNoiseMultiple * (noiseLoss ?? 0), Self.bumpFraction * descent)
        if descends && Self.hasSustainedBump(losses[warmUp...lowest], above: bumpThreshold,
                                             points: Self.bumpSustainedPoints) {
            found.append(.bumpBeforeMinimum)
        }
        if !descends && !immediate { found.append(.noDescent) }
        if immediate { found.append(.divergedImmediately) }
        if divergence == nil {
            let highestAfter = losses[lowest..<finiteEnd].max() ?? minimum
            let rose = highestAfter > (rawStart ?? start) + Self.descentNoiseMultiple * (noiseLoss ?? 0)
            found.append(rose ? .roseAboveStart : .neverDiverged)
        }
        flags = found
    }

    /// The start index of the most negative slope of loss against ln(lr) among points first...last,
    /// or nil when no slope there is negative.
    static func steepestIndex(lrs: [Double], losses: [Double], from first: Int, through last: Int) -> Int? {
        var best: Int?
        var bestSlope = 0.0
        for i in stride(from: first, to: last, by: 1) where lrs[i] > 0 && lrs[i + 1] > lrs[i] {
            let slope = (losses[i + 1] - losses[i]) / (Foundation.log(lrs[i + 1]) - Foundation.log(lrs[i]))
            if slope < bestSlope {
                best = i
                bestSlope = slope
            }
        }
        return best
    }

    /// Whether some point's rise-and-fall height exceeds `threshold` at `points` consecutive points.
    ///
    /// A point's height is the smaller of its rise above the lowest earlier loss and its fall to the
    /// lowest later loss (both within `losses`), so a plain descent has height zero everywhere.
    static func hasSustainedBump(_ losses: ArraySlice<Double>, above threshold: Double, points: Int) -> Bool {
        var run = 0
        for height in bumpHeights(losses) {
            run = height > threshold ? run + 1 : 0
            if run >= max(points, 1) { return true }
        }
        return false
    }

    /// The rise-and-fall height of each point of `losses` (see `hasSustainedBump`).
    static func bumpHeights(_ losses: ArraySlice<Double>) -> [Double] {
        let values = Array(losses)
        guard !values.isEmpty else { return [] }
        var laterMinimum = values
        for i in stride(from: values.count - 2, through: 0, by: -1) {
            laterMinimum[i] = min(values[i], laterMinimum[i + 1])
        }
        var earlierMinimum = values[0]
        return values.indices.map { i in
            earlierMinimum = min(earlierMinimum, values[i])
            return min(values[i] - earlierMinimum, values[i] - laterMinimum[i])
        }
    }

    /// The median |raw - local median of raw| (`deviation`) and the median |raw| (`level`) among
    /// the finite raw losses before `end`; the local median spans `noiseWindow` points centred on
    /// each point. Nil with fewer than `noiseWindow` such losses.
    ///
    /// Not measured against the smoothed loss: an EMA with β = 0.98 lags about 50 points, so on a
    /// falling curve its distance to the raw loss is mostly trend, not noise. For Gaussian batch
    /// noise of standard deviation σ on a flat curve, `deviation` is about 0.5 σ; where a trend
    /// dominates the noise, each point is its own local median and `deviation` tends to 0.
    static func noiseDeviation(raw: [Double], end: Int) -> (deviation: Double, level: Double)? {
        let values = raw.prefix(end).filter(\.isFinite)
        guard values.count >= noiseWindow else { return nil }
        let half = noiseWindow / 2
        var deviations: [Double] = []
        for i in values.indices {
            let low = max(values.startIndex, i - half), high = min(values.endIndex, i + half + 1)
            guard let local = median(Array(values[low..<high])) else { continue }
            deviations.append(abs(values[i] - local))
        }
        guard let level = median(values.map(abs)), let deviation = median(deviations) else { return nil }
        return (deviation, level)
    }

    /// The median (mean of the middle two for an even count), nil for no values.
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
