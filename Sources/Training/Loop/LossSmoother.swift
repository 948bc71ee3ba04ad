/// Exponential moving average of losses with bias correction, as fastai's Recorder smooths.
///
/// After `n` values the smoothed loss is `avg_n / (1 - beta^n)` with
/// `avg_n = beta * avg_(n-1) + (1 - beta) * loss_n`, so the first value is returned unchanged.
public struct LossSmoother: Equatable, Sendable {
    public let beta: Double
    public private(set) var count = 0
    private var average = 0.0

    public init(beta: Double = 0.98) {
        self.beta = beta
    }

    /// Adds a loss and returns the new smoothed value.
    public mutating func add(_ loss: Float) -> Float {
        count += 1
        average = beta * average + (1 - beta) * Double(loss)
        return value
    }

    /// The current smoothed value (NaN before any loss).
    public var value: Float {
        count == 0 ? .nan : Float(average / (1 - pow(beta, Double(count))))
    }
}

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
