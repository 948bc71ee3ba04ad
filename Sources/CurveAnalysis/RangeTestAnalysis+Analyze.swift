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
        noiseLevel = curve.rawLosses.flatMap { Self.noiseLevel(raw: $0.map(Double.init), end: stableEnd) }

        let peak = losses[0...lowest].max() ?? minimum
        let descends = peak - minimum > Self.minimumDescentFraction * abs(peak)
        let immediate = divergence.map { $0 < Self.immediateDivergencePoints } ?? false
        if descends {
            // The start level is the median of the first tenth, so one noisy early point cannot set it,
            // and the fall starts where the loss goes below the level for good (up to the minimum).
            let start = Self.median(Array(losses[0..<max(1, min(losses.count / 10, lowest + 1))])) ?? losses[0]
            if start > minimum {
                let level = start - Self.fallStartFraction * (start - minimum)
                let lastAbove = (0...lowest).last { losses[$0] >= level }
                fallStartLR = lrs[lastAbove.map { $0 + 1 } ?? 0]
            }
            // Like fastai, skip the first tenth, where the smoothed loss is still mostly raw noise.
            let warmUp = losses.count / 10 < lowest ? losses.count / 10 : 0
            steepestLR = Self.steepestIndex(lrs: lrs, losses: losses, from: warmUp, through: lowest)
                .map { lrs[$0] }
        }
        var found: [Flag] = []
        let bumpStart = min(losses.count / 10, stableEnd)
        if descends && Self.bumpHeight(losses[bumpStart..<stableEnd]) > Self.bumpFraction * (peak - minimum) {
            found.append(.bumpBeforeDivergence)
        }
        if !descends && !immediate { found.append(.noDescent) }
        if immediate { found.append(.divergedImmediately) }
        if divergence == nil { found.append(.neverDiverged) }
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

    /// The height of the largest rise-then-fall: for each point, the smaller of its rise above the
    /// lowest earlier loss and its fall to the lowest later loss.
    static func bumpHeight(_ losses: ArraySlice<Double>) -> Double {
        let values = Array(losses)
        guard values.count >= 3 else { return 0 }
        var laterMinimum = values
        for i in stride(from: values.count - 2, through: 0, by: -1) {
            laterMinimum[i] = min(values[i], laterMinimum[i + 1])
        }
        var earlierMinimum = values[0]
        var height = 0.0
        for i in values.indices {
            earlierMinimum = min(earlierMinimum, values[i])
            height = max(height, min(values[i] - earlierMinimum, values[i] - laterMinimum[i]))
        }
        return height
    }

    /// The median |raw - local median of raw| over the median |raw| among the finite raw losses
    /// before `end`; the local median spans `noiseWindow` points centred on each point.
    ///
    /// Not measured against the smoothed loss: an EMA with β = 0.98 lags about 50 points, so on a
    /// falling curve its distance to the raw loss is mostly trend, not noise.
    static func noiseLevel(raw: [Double], end: Int) -> Double? {
        let values = raw.prefix(end).filter(\.isFinite)
        guard values.count >= noiseWindow else { return nil }
        let half = noiseWindow / 2
        var deviations: [Double] = []
        for i in values.indices {
            let low = max(values.startIndex, i - half), high = min(values.endIndex, i + half + 1)
            guard let local = median(Array(values[low..<high])) else { continue }
            deviations.append(abs(values[i] - local))
        }
        guard let level = median(values.map(abs)), level > 0 else { return nil }
        return median(deviations).map { $0 / level }
    }

    /// The median (mean of the middle two for an even count), nil for no values.
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
