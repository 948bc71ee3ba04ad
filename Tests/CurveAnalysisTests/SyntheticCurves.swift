import Foundation
@testable import CurveAnalysis

/// Range-test curves built to have, or to lack, a feature: a noise-free shape plus seeded batch
/// noise, smoothed as the finder smooths (debiased EMA, β = 0.98).
struct SyntheticCurve {
    /// The kind of batch-to-batch noise.
    enum Noise { case gaussian, heavyTailed }

    /// `count` learning rates from 1e-7 to 10, as the finder's default ladder.
    static func ladder(count: Int = 100) -> [Float] {
        (0..<count).map { Float(1e-7 * pow(1e8, Double($0) / Double(count - 1))) }
    }

    /// A typical curve in log10(lr) `x`: level at `start` until about 1e-3, falling by `fall` around
    /// `centre`, then blowing up past `blowup` (no blow-up for nil).
    static func typical(_ x: Double, start: Double = 2.3, fall: Double = 1.3, centre: Double = -1.5,
                        blowup: Double? = 0.2) -> Double {
        start - fall / (1 + exp(-3 * (x - centre))) + (blowup.map { exp(3 * (x - $0)) } ?? 0)
    }

    /// `shape` over the ladder plus noise of scale `sigma` drawn from `seed`; raw and smoothed.
    static func make(count: Int = 100, sigma: Double, noise: Noise = .gaussian, seed: UInt64,
                     shape: (Double) -> Double) -> RecordedCurve {
        let lrs = ladder(count: count)
        var generator = SplitMix64(seed: seed)
        let raw = lrs.map { lr -> Float in
            let value = shape(log10(Double(lr)))
            let e = noise == .gaussian ? gaussian(&generator) : studentT3(&generator)
            return Float(value + sigma * e)
        }
        return RecordedCurve(lrs: lrs, losses: smoothed(raw), rawLosses: raw)
    }

    /// The finder's smoothing: `avg / (1 - β^n)` with `avg = β avg + (1 - β) loss`.
    static func smoothed(_ raw: [Float], beta: Double = 0.98) -> [Float] {
        var average = 0.0
        return raw.enumerated().map { i, loss in
            average = beta * average + (1 - beta) * Double(loss)
            return Float(average / (1 - pow(beta, Double(i + 1))))
        }
    }

    /// A standard normal draw (Box-Muller).
    static func gaussian(_ generator: inout SplitMix64) -> Double {
        let u = (Double(generator.next() >> 11) + 0.5) / 9007199254740992
        let v = Double(generator.next() >> 11) / 9007199254740992
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }

    /// A Student-t draw with 3 degrees of freedom: heavy tails, occasional very bad batches.
    static func studentT3(_ generator: inout SplitMix64) -> Double {
        let z = gaussian(&generator)
        let chi = (0..<3).reduce(0.0) { sum, _ in let g = gaussian(&generator); return sum + g * g }
        return z / (chi / 3).squareRoot()
    }
}
