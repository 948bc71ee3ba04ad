import TensorCore

/// Loss and, for classification, accuracy and error rate over a validation pass.
public struct ValidationMetrics: Equatable, Sendable {
    /// Mean loss over all examples (batch losses weighted by batch size).
    public var loss: Float
    /// Fraction of examples whose arg-max prediction equals the target class; nil for regression.
    public var accuracy: Float?
    /// `1 - accuracy`; nil for regression.
    public var errorRate: Float? { accuracy.map { 1 - $0 } }
    /// Examples seen.
    public var count: Int

    /// Sums batch results into metrics.
    public struct Accumulator {
        private var lossSum = 0.0
        private var correct = 0
        private var count = 0
        private var isClassification = true

        public init() {}

        /// Adds one batch: its mean loss, the model output `[n, classes]` and the targets.
        public mutating func add(loss: Float, prediction: Tensor, target: Tensor) {
            let n = prediction.shape.first ?? 0
            lossSum += Double(loss) * Double(n)
            count += n
            guard isClassification, prediction.rank == 2, target.rank == 1, n > 0 else {
                isClassification = false
                return
            }
            let classes = prediction.shape[1]
            prediction.storage.withUnsafeBufferPointer { p in
                target.storage.withUnsafeBufferPointer { t in
                    for row in 0..<n {
                        var best = 0
                        var bestValue = p[row * classes]
                        for c in 1..<classes where p[row * classes + c] > bestValue {
                            best = c
                            bestValue = p[row * classes + c]
                        }
                        if best == Int(t[row]) { correct += 1 }
                    }
                }
            }
        }

        /// The metrics so far.
        public var metrics: ValidationMetrics {
            ValidationMetrics(loss: count == 0 ? .nan : Float(lossSum / Double(count)),
                              accuracy: isClassification && count > 0 ? Float(correct) / Float(count) : nil,
                              count: count)
        }
    }
}
