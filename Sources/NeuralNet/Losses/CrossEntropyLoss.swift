import TensorCore

/// Softmax cross-entropy from logits, as `nn.CrossEntropyLoss` with mean reduction.
///
/// Predictions are `[batch, classes]` logits; targets are `[batch]` class indices stored as
/// `Float`. The log-sum-exp is shifted by each row's maximum so large logits do not overflow.
public final class CrossEntropyLoss: Loss {
    private var probabilities = Tensor.empty
    private var targets: [Int32] = []
    private var gradient = Tensor.empty

    public init() {}

    public func forward(_ prediction: Tensor, target: Tensor) -> Float {
        precondition(prediction.rank == 2 && prediction.shape[0] > 0,
                     "CrossEntropyLoss expects logits [batch, classes] with a non-empty batch, got \(prediction.shape)")
        let n = prediction.shape[0], c = prediction.shape[1]
        precondition(target.count == n,
                     "CrossEntropyLoss: \(target.count) targets for a batch of \(n) (targets are class indices, shape [\(n)])")
        if targets.count != n { targets = [Int32](repeating: 0, count: n) }
        for i in 0..<n {
            let t = target.storage[i]
            precondition(t >= 0 && t < Float(c) && t == t.rounded(),
                         "CrossEntropyLoss: target \(t) at batch index \(i) is not a class index in 0..<\(c)")
            targets[i] = Int32(t)
        }
        probabilities.resize(to: [n, c])
        var total = 0.0
        prediction.storage.withUnsafeBufferPointer { logits in
            probabilities.storage.withUnsafeMutableBufferPointer { probs in
                for i in 0..<n {
                    let row = logits.baseAddress! + i * c, p = probs.baseAddress! + i * c
                    var rowMax = row[0]
                    for j in 1..<c where row[j] > rowMax { rowMax = row[j] }
                    var sum: Float = 0
                    for j in 0..<c {
                        let e = expf(row[j] - rowMax)
                        p[j] = e
                        sum += e
                    }
                    let inverse = 1 / sum
                    for j in 0..<c { p[j] *= inverse }
                    let t = Int(targets[i])
                    total += Double(rowMax) + Double(logf(sum)) - Double(row[t])
                }
            }
        }
        return Float(total / Double(n))
    }

    public func backward() -> Tensor {
        precondition(!probabilities.isEmpty, "CrossEntropyLoss.backward needs a forward call first")
        let n = probabilities.shape[0], c = probabilities.shape[1]
        gradient.resize(to: [n, c])
        let scale = 1 / Float(n)
        gradient.storage.withUnsafeMutableBufferPointer { g in
            probabilities.storage.withUnsafeBufferPointer { p in
                for i in 0..<(n * c) { g[i] = p[i] * scale }
                for i in 0..<n { g[i * c + Int(targets[i])] -= scale }
            }
        }
        return gradient
    }
}

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
