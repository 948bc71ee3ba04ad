import NeuralNet
import TensorCore

/// Nudges every weight of a model by a few units in the last place, up or down by a seeded
/// pattern: a change of the size rounding makes, to see how much a result depends on it.
public struct WeightPerturbation: Equatable, Sendable {
    /// How many representable `Float`s each weight moves (0 leaves the model unchanged).
    public var ulps: Int
    /// Seeds the pattern of up and down moves (one random bit per weight).
    public var seed: UInt64

    public init(ulps: Int, seed: UInt64) {
        self.ulps = ulps
        self.seed = seed
    }

    /// The pattern of re-run `index` (1, 2, ...) of a run with seed `runSeed`: a different one
    /// per re-run, the same every time for the same pair.
    public static func pattern(rerun index: Int, runSeed: UInt64, ulps: Int) -> WeightPerturbation {
        WeightPerturbation(ulps: ulps, seed: runSeed ^ (0x5DEE_CE66_D1CE_4E5B &* UInt64(index)))
    }

    /// Moves each parameter value of `model` (buffers such as BatchNorm statistics stay) by
    /// `ulps` steps towards plus or minus infinity. Zero becomes the smallest subnormal of the
    /// chosen sign; an infinity or NaN stays as it is.
    public func apply(to model: Sequential) {
        guard ulps > 0 else { return }
        var random = RandomGenerator(seed: seed)
        for parameter in model.parameters {
            parameter.value.storage.withUnsafeMutableBufferPointer { values in
                var bits: UInt64 = 0
                for index in values.indices {
                    if index % 64 == 0 { bits = random.next() }
                    let up = (bits >> UInt64(index % 64)) & 1 == 1
                    var value = values[index]
                    guard value.isFinite else { continue }
                    for _ in 0..<ulps { value = up ? value.nextUp : value.nextDown }
                    values[index] = value
                }
            }
        }
    }
}
