extension Schedule {
    /// The same value throughout.
    public static func constant(_ value: Double) -> Schedule {
        Schedule(kind: "constant", settings: ["value": value]) { _ in value }
    }

    /// From `start` to `end` in a straight line over `span`.
    public static func linear(from start: Double, to end: Double, span: Span = .fit) -> Schedule {
        Schedule(kind: "linear", settings: ["start": start, "end": end], span: span) {
            ScheduleCurve.linear(start, end, $0)
        }
    }

    /// From `start` to `end` geometrically over `span`; both must be positive.
    public static func exponential(from start: Double, to end: Double, span: Span = .fit) throws -> Schedule {
        guard start > 0, end > 0 else {
            throw ScheduleError("an exponential schedule needs positive start and end values, got \(start) and \(end)")
        }
        return Schedule(kind: "exponential", settings: ["start": start, "end": end], span: span) {
            ScheduleCurve.exponential(start, end, $0)
        }
    }

    /// From `start` to `end` along half a cosine over `span`.
    public static func cosine(from start: Double, to end: Double, span: Span = .fit) -> Schedule {
        Schedule(kind: "cosine", settings: ["start": start, "end": end], span: span) {
            ScheduleCurve.cosine(start, end, $0)
        }
    }

    /// The LR finder's sweep: `start * (end / start)^(i / iterations)` at iteration `i`, so the
    /// first batch uses `start` and iteration `iterations` would use `end` (fastai's `lr_find`).
    public static func exponentialSweep(from start: Double, to end: Double, iterations: Int) throws -> Schedule {
        guard iterations > 0 else { throw ScheduleError("a sweep needs at least 1 iteration, got \(iterations)") }
        let curve = try exponential(from: start, to: end)
        return Schedule(kind: "exponential-sweep", settings: ["startLR": start, "endLR": end,
                                                              "iterations": Double(iterations)],
                        span: .iterations(iterations)) { curve.value(atFraction: $0) }
    }

    /// A linear sweep: `start + (end - start) * i / iterations` at iteration `i`.
    public static func linearSweep(from start: Double, to end: Double, iterations: Int) throws -> Schedule {
        guard iterations > 0 else { throw ScheduleError("a sweep needs at least 1 iteration, got \(iterations)") }
        return Schedule(kind: "linear-sweep", settings: ["startLR": start, "endLR": end, "iterations": Double(iterations)],
                        span: .iterations(iterations)) { ScheduleCurve.linear(start, end, $0) }
    }

    /// Curves run one after the other over the fit, each over its fraction of it (fastai's
    /// `combine_scheds`); the fractions must be non-negative and add up to 1.
    public static func combined(_ parts: [(fraction: Double, schedule: Schedule)], kind: String = "combined",
                                settings: [String: Double] = [:]) throws -> Schedule {
        guard !parts.isEmpty, parts.allSatisfy({ $0.fraction >= 0 }),
              abs(parts.reduce(0) { $0 + $1.fraction } - 1) < 1e-9 else {
            throw ScheduleError("combined schedule fractions must be non-negative and add up to 1, got "
                                + "\(parts.map(\.fraction))")
        }
        var partStarts: [Double] = []
        var total = 0.0
        for part in parts { partStarts.append(total); total += part.fraction }
        let starts = partStarts
        let widths = parts.map(\.fraction)
        let schedules = parts.map(\.schedule)
        let lastNonEmpty = widths.lastIndex { $0 > 0 }!
        return Schedule(kind: kind, settings: settings) { p in
            // The last part that has begun at p (empty parts never run), as fastai picks it.
            var index = 0
            for i in 0...lastNonEmpty where widths[i] > 0 && p >= starts[i] { index = i }
            return schedules[index].value(atFraction: (p - starts[index]) / widths[index])
        }
    }

    /// Two cosine phases, `start` to `middle` over the first `pctStart` of the fit and `middle` to
    /// `end` over the rest (fastai's `combined_cos`).
    public static func combinedCosine(pctStart: Double, start: Double, middle: Double, end: Double,
                                      kind: String = "combined-cosine") throws -> Schedule {
        guard (0...1).contains(pctStart) else {
            throw ScheduleError("pct_start must lie in 0...1, got \(pctStart)")
        }
        return try combined([(pctStart, cosine(from: start, to: middle)), (1 - pctStart, cosine(from: middle, to: end))],
                            kind: kind, settings: ["pctStart": pctStart, "start": start, "middle": middle, "end": end])
    }

    /// fastai's `fit_one_cycle` learning rate: `maxLR / div` up to `maxLR` over `pctStart` of the
    /// fit, then down to `maxLR / divFinal`, both phases cosine.
    public static func oneCycle(maxLR: Double, pctStart: Double = 0.25, div: Double = 25,
                                divFinal: Double = 1e5) throws -> Schedule {
        guard maxLR > 0, div > 0, divFinal > 0 else {
            throw ScheduleError("one-cycle needs positive maxLR, div and divFinal, got \(maxLR), \(div), \(divFinal)")
        }
        let phases = try combinedCosine(pctStart: pctStart, start: maxLR / div, middle: maxLR,
                                        end: maxLR / divFinal, kind: "one-cycle")
        return Schedule(kind: "one-cycle", settings: ["maxLR": maxLR, "pctStart": pctStart, "div": div,
                                                      "divFinal": divFinal]) { phases.value(atFraction: $0) }
    }

    /// fastai's `fit_one_cycle` momentum: `high` down to `low` while the rate rises, back to `high`.
    public static func oneCycleMomentum(high: Double = 0.95, low: Double = 0.85,
                                        pctStart: Double = 0.25) throws -> Schedule {
        try combinedCosine(pctStart: pctStart, start: high, middle: low, end: high, kind: "one-cycle-momentum")
    }

    /// Cosine annealing from `maxLR` at the first batch to `minLR` at the end of the fit.
    public static func cosineAnnealing(maxLR: Double, minLR: Double = 0) -> Schedule {
        Schedule(kind: "cosine-annealing", settings: ["maxLR": maxLR, "minLR": minLR]) {
            ScheduleCurve.cosine(maxLR, minLR, $0)
        }
    }

    /// Smith's triangular cyclical learning rate: `baseLR` up to `maxLR` over `stepSize`
    /// iterations and back, repeated (Smith 2017, policy `triangular`).
    public static func triangular(baseLR: Double, maxLR: Double, stepSize: Int) throws -> Schedule {
        guard stepSize > 0 else { throw ScheduleError("a triangular schedule needs stepSize > 0, got \(stepSize)") }
        // Position p = iteration / (2 * stepSize): one whole cycle per unit.
        let step = Double(stepSize)
        return Schedule(kind: "triangular", settings: ["baseLR": baseLR, "maxLR": maxLR, "stepSize": step],
                        span: .iterations(2 * stepSize)) { p in
            ScheduleCurve.triangular(base: baseLR, max: maxLR, stepSize: step, iteration: p * 2 * step)
        }
    }
}
