#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A hyper-parameter value as a pure function of the position in training, like fastai's
/// `SchedLin`, `SchedCos`, `SchedExp` and `combine_scheds`.
///
/// A schedule is a curve over a position `p` plus the span that turns an iteration into `p`:
/// over the whole fit `p = iteration / totalIterations` (fastai's `pct_train`, 0 at the first
/// batch), over a fixed number of iterations `p = iteration / iterations` (the LR finder's sweep).
/// Curves are not clamped: beyond the span they extrapolate, as fastai's do.
public struct Schedule: Sendable, CustomStringConvertible {
    /// What turns an iteration into the curve's position.
    public enum Span: Equatable, Sendable {
        /// `p = iteration / totalIterations` of the running fit.
        case fit
        /// `p = iteration / n`, independent of the fit's length.
        case iterations(Int)
    }

    /// A short name for manifests, such as `one-cycle` or `exponential-sweep`.
    public let kind: String
    /// The numbers that define the schedule, by name (`startLR`, `endLR`, ...), for manifests.
    public let settings: [String: Double]
    public let span: Span
    private let curve: @Sendable (Double) -> Double

    /// A schedule following `curve` over `span`.
    public init(kind: String, settings: [String: Double] = [:], span: Span = .fit,
                curve: @escaping @Sendable (Double) -> Double) {
        self.kind = kind
        self.settings = settings
        self.span = span
        self.curve = curve
    }

    /// The value at curve position `position` (0 at the start of the span, 1 at its end).
    public func value(atFraction position: Double) -> Double {
        curve(position)
    }

    /// The value for training iteration `iteration` of a fit of `totalIterations` iterations.
    public func value(iteration: Int, totalIterations: Int) -> Double {
        switch span {
        case .fit:
            return curve(totalIterations == 0 ? 0 : Double(iteration) / Double(totalIterations))
        case .iterations(let n):
            return curve(n == 0 ? 0 : Double(iteration) / Double(n))
        }
    }

    /// The same schedule with every value multiplied by `factor` (a group's share of the head's rate).
    public func scaled(by factor: Double) -> Schedule {
        if factor == 1 { return self }
        let inner = curve
        var scaledSettings = settings
        scaledSettings["scale"] = factor * (settings["scale"] ?? 1)
        return Schedule(kind: kind, settings: scaledSettings, span: span) { factor * inner($0) }
    }

    public var description: String {
        let values = settings.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return values.isEmpty ? kind : "\(kind) (\(values))"
    }
}

/// The curves schedules are built from, as plain functions of a position in `[0, 1]`.
public enum ScheduleCurve {
    /// `start + p * (end - start)` (fastai's `SchedLin`).
    public static func linear(_ start: Double, _ end: Double, _ p: Double) -> Double {
        start + p * (end - start)
    }

    /// `start * (end / start)^p` (fastai's `SchedExp`).
    public static func exponential(_ start: Double, _ end: Double, _ p: Double) -> Double {
        start * pow(end / start, p)
    }

    /// `start + (1 + cos(pi * (1 - p))) * (end - start) / 2` (fastai's `SchedCos`).
    public static func cosine(_ start: Double, _ end: Double, _ p: Double) -> Double {
        start + (1 + cos(Double.pi * (1 - p))) * (end - start) / 2
    }

    /// Smith's triangular cycle at iteration `i`: up from `base` to `max` over `stepSize`
    /// iterations, back down over the next `stepSize`, and again.
    public static func triangular(base: Double, max high: Double, stepSize: Double, iteration i: Double) -> Double {
        let cycle = (1 + i / (2 * stepSize)).rounded(.down)
        let x = abs(i / stepSize - 2 * cycle + 1)
        return base + (high - base) * Swift.max(0, 1 - x)
    }
}
