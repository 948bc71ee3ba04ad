/// An LR range-test curve as recorded: one point per training batch.
///
/// Values are `Float`, as fastai keeps them in float32 tensors, so suggestions computed from the
/// same recorded numbers equal fastai's.
public struct RecordedCurve: Sendable, Equatable {
    /// The learning rate of each point (of the last parameter group).
    public var lrs: [Float]
    /// The loss the suggestions use: the smoothed loss when it was recorded, else the raw loss.
    public var losses: [Float]
    /// The unsmoothed loss, present only when `losses` holds the smoothed one.
    public var rawLosses: [Float]?
    /// The validation loss of each point, when the finder ran in validation mode.
    public var validLosses: [Float]?

    /// Creates a curve; every present series must have one value per lr.
    public init(lrs: [Float], losses: [Float], rawLosses: [Float]? = nil, validLosses: [Float]? = nil) {
        precondition(lrs.count == losses.count, "one loss per lr")
        precondition(rawLosses.map { $0.count == lrs.count } ?? true, "one raw loss per lr")
        precondition(validLosses.map { $0.count == lrs.count } ?? true, "one validation loss per lr")
        self.lrs = lrs
        self.losses = losses
        self.rawLosses = rawLosses
        self.validLosses = validLosses
    }

    /// The number of recorded points.
    public var count: Int { lrs.count }
}

/// The points the suggestion methods look at, prepared as fastai's `lr_find` does.
public struct SuggestionInput: Sendable, Equatable {
    /// Learning rates of the kept points.
    public let lrs: [Float]
    /// Losses of the kept points; none is NaN.
    public let losses: [Float]
    /// Why no point is left, when `lrs` is empty.
    public let emptyReason: String?

    /// Drops the first `skipStart` (default: a tenth of `numIterations`, itself the number of
    /// recorded points unless given) and the last `skipEnd` points, then cuts at the first NaN loss.
    ///
    /// A curve that holds each rate for several batches (a range test with `batchesPerStep` above 1)
    /// is read one point per rate first, the last batch of each held step, and `numIterations`
    /// (counted in batches) and both skips then count rates: `steep` divides by the step in ln(lr)
    /// between neighbouring points, which is zero inside a held step.
    public init(curve recorded: RecordedCurve, numIterations: Int? = nil, skipStart: Int? = nil, skipEnd: Int = 5) {
        let (curve, batchesPerRate) = Self.onePointPerRate(recorded)
        let numIterations = numIterations.map { $0 / batchesPerRate }
        self.init(onePointPerRate: curve, numIterations: numIterations, skipStart: skipStart, skipEnd: skipEnd)
    }

    /// The last point of each run of equal learning rates, and the length of the first run (1 when
    /// no two neighbouring points share a rate, and the curve is returned as it is).
    static func onePointPerRate(_ curve: RecordedCurve) -> (RecordedCurve, batchesPerRate: Int) {
        let lrs = curve.lrs
        guard zip(lrs, lrs.dropFirst()).contains(where: { $0 == $1 }) else { return (curve, 1) }
        let lastOfEach = lrs.indices.filter { $0 == lrs.count - 1 || lrs[$0 + 1] != lrs[$0] }
        let firstRun = (lastOfEach.first ?? 0) + 1
        func pick(_ values: [Float]) -> [Float] { lastOfEach.map { values[$0] } }
        return (RecordedCurve(lrs: pick(lrs), losses: pick(curve.losses), rawLosses: curve.rawLosses.map(pick),
                              validLosses: curve.validLosses.map(pick)), firstRun)
    }

    private init(onePointPerRate curve: RecordedCurve, numIterations: Int?, skipStart: Int?, skipEnd: Int) {
        let recorded = curve.count
        let start = max(0, skipStart ?? (numIterations ?? recorded) / 10)
        let end = max(0, skipEnd)
        let upper = recorded - end
        guard start < upper else {
            lrs = []
            losses = []
            emptyReason = recorded == 0
                ? "the curve has no points"
                : "no point is left after dropping the first \(start) and the last \(end) of \(recorded) points"
            return
        }
        var keptLRs = Array(curve.lrs[start..<upper])
        var keptLosses = Array(curve.losses[start..<upper])
        if let firstNaN = keptLosses.firstIndex(where: { $0.isNaN }) {
            keptLRs.removeSubrange(firstNaN...)
            keptLosses.removeSubrange(firstNaN...)
        }
        lrs = keptLRs
        losses = keptLosses
        emptyReason = keptLosses.isEmpty
            ? "the loss is NaN from the first kept point (point \(start)) on" : nil
    }

    /// Uses the points as given, without dropping any; they must contain no NaN loss.
    public init(lrs: [Float], losses: [Float]) {
        precondition(lrs.count == losses.count, "one loss per lr")
        precondition(!losses.contains(where: { $0.isNaN }), "no NaN loss")
        self.lrs = lrs
        self.losses = losses
        self.emptyReason = lrs.isEmpty ? "the curve has no points" : nil
    }

    /// The number of kept points.
    public var count: Int { lrs.count }
}
