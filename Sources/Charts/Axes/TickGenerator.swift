import Foundation

/// The ticks of one axis: values in data units, with labels for the major ones.
struct AxisTicks: Equatable {
    var major: [Double]
    var labels: [String]
    var minor: [Double]
}

/// "Nice" tick values: steps of 1, 2 or 5 times a power of ten (Heckbert, Graphics Gems 1990)
/// on linear axes, decades with minor ticks at 2...9 on log axes.
enum TickGenerator {
    /// A step `mantissa × 10^exponent` with `mantissa` in 1, 2, 5; values are computed from it
    /// exactly so that 3 × 0.2 prints as 0.6.
    struct Step: Equatable {
        var mantissa: Int
        var exponent: Int

        var value: Double { Step.scaled(Double(mantissa), exponent) }

        /// The `index`-th multiple of the step, rounded once.
        func multiple(_ index: Int) -> Double {
            Step.scaled(Double(index * mantissa), exponent)
        }

        /// The next smaller nice step (5 → 2 → 1 → 0.5).
        var finer: Step {
            switch mantissa {
            case 5: return Step(mantissa: 2, exponent: exponent)
            case 2: return Step(mantissa: 1, exponent: exponent)
            default: return Step(mantissa: 5, exponent: exponent - 1)
            }
        }

        /// Decimals needed to print any multiple exactly.
        var decimals: Int { max(0, -exponent) }

        static func scaled(_ value: Double, _ exponent: Int) -> Double {
            exponent >= 0 ? value * pow(10, Double(exponent)) : value / pow(10, Double(-exponent))
        }
    }

    /// Heckbert's nice number near `x`: rounded to the closest of 1, 2, 5, 10 times a power of ten
    /// when `round`, otherwise the smallest of them not below `x`.
    static func niceStep(_ x: Double, round: Bool) -> Step {
        let exponent = Int(log10(x).rounded(.down))
        let fraction = x / Step.scaled(1, exponent)
        let mantissa: Int
        if round {
            mantissa = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            mantissa = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        return mantissa == 10 ? Step(mantissa: 1, exponent: exponent + 1)
                              : Step(mantissa: mantissa, exponent: exponent)
    }

    /// The tick step for about `count` ticks over `lower...upper`: Heckbert's rounded nice number
    /// for the span divided by `count - 1` (without his rounding of the span first, which can
    /// leave only two ticks, as 0, 2000 for 0...2500).
    static func linearStep(lower: Double, upper: Double, count: Int) -> Step {
        niceStep((upper - lower) / Double(max(1, count - 1)), round: true)
    }

    /// `lower...upper` widened outward to multiples of the tick step.
    static func niceDomain(lower: Double, upper: Double, count: Int) -> ClosedRange<Double> {
        let step = linearStep(lower: lower, upper: upper, count: count)
        let low = step.multiple(Int((lower / step.value).rounded(.down)))
        let high = step.multiple(Int((upper / step.value).rounded(.up)))
        return low...high
    }

    /// About `count` nice ticks inside `domain` (at least two), labelled with just enough
    /// decimals.
    static func linearTicks(domain: ClosedRange<Double>, count: Int) -> AxisTicks {
        var step = linearStep(lower: domain.lowerBound, upper: domain.upperBound, count: count)
        while true {
            let first = Int((domain.lowerBound / step.value - 1e-9).rounded(.up))
            let last = Int((domain.upperBound / step.value + 1e-9).rounded(.down))
            if last - first >= 1 || step.exponent < -300 {
                let values = first <= last ? (first...last).map { step.multiple($0) } : []
                let labels = values.map { NumberFormat.fixed($0, decimals: step.decimals) }
                return AxisTicks(major: values, labels: labels, minor: [])
            }
            step = step.finer
        }
    }

    /// Decade ticks inside `domain` (every n-th when more than `maxLabels`), minor ticks at
    /// 2...9 times each decade; narrow domains also label 2 and 5, and domains within one
    /// decade fall back to linear ticks.
    static func logTicks(domain: ClosedRange<Double>, maxLabels: Int) -> AxisTicks {
        let lowLog = log10(domain.lowerBound), highLog = log10(domain.upperBound)
        let firstDecade = Int((lowLog - 1e-9).rounded(.up))
        let lastDecade = Int((highLog + 1e-9).rounded(.down))
        let inside = { (v: Double) in v >= domain.lowerBound * (1 - 1e-9) && v <= domain.upperBound * (1 + 1e-9) }

        var minor: [Double] = []
        for decade in Int(lowLog.rounded(.down))...Int(highLog.rounded(.down)) {
            for multiple in 2...9 where inside(Step.scaled(Double(multiple), decade)) {
                minor.append(Step.scaled(Double(multiple), decade))
            }
        }
        var major: [Double] = []
        if firstDecade <= lastDecade {
            let decadeCount = lastDecade - firstDecade + 1
            let stride = max(1, Int((Double(decadeCount) / Double(max(1, maxLabels))).rounded(.up)))
            let decades = Swift.stride(from: firstDecade, through: lastDecade, by: 1)
                .filter { ($0 - firstDecade) % stride == 0 }
            major = decades.map { Step.scaled(1, $0) }
            if stride > 1 {
                minor = Swift.stride(from: firstDecade, through: lastDecade, by: 1)
                    .filter { ($0 - firstDecade) % stride != 0 }.map { Step.scaled(1, $0) }
            }
        }
        if major.count < 3 {
            let oneTwoFive = minor.filter { value in
                let leading = (value / Step.scaled(1, Int(log10(value).rounded(.down)))).rounded()
                return leading == 2 || leading == 5
            }
            major = (major + oneTwoFive).sorted()
            minor = minor.filter { !major.contains($0) }
        }
        if major.count < 2 {
            let linear = linearTicks(domain: domain, count: 5)
            return AxisTicks(major: linear.major, labels: linear.labels, minor: [])
        }
        return AxisTicks(major: major, labels: logLabels(major), minor: minor)
    }

    /// Plain decimals when every tick is between 0.001 and 10000, otherwise "1e-7" style for
    /// all of them, so one axis never mixes the two.
    static func logLabels(_ values: [Double]) -> [String] {
        let plain = values.allSatisfy { $0 >= 1e-3 * (1 - 1e-9) && $0 <= 1e4 * (1 + 1e-9) }
        return values.map { plain ? NumberFormat.compact($0, significantDigits: 4)
                                  : NumberFormat.scientific($0, significantDigits: 4) }
    }

    /// Caller-chosen ticks inside `domain`, labelled like automatic ones of the same scale.
    static func explicitTicks(_ values: [Double], domain: ClosedRange<Double>, scale: AxisScale) -> AxisTicks {
        let kept = values.filter { scale.accepts($0) && $0 >= domain.lowerBound - 1e-12 * abs(domain.lowerBound)
                                   && $0 <= domain.upperBound + 1e-12 * abs(domain.upperBound) }
        let labels = scale == .log10 ? logLabels(kept)
                                     : kept.map { NumberFormat.compact($0, significantDigits: 4) }
        return AxisTicks(major: kept, labels: labels, minor: [])
    }
}
