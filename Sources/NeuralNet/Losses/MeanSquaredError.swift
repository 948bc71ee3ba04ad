import TensorCore

/// The mean of squared differences over all elements, as `nn.MSELoss`.
public final class MeanSquaredError: Loss {
    private var difference = Tensor.empty
    private var gradient = Tensor.empty

    public init() {}

    public func forward(_ prediction: Tensor, target: Tensor) -> Float {
        precondition(prediction.shape == target.shape && prediction.count > 0,
                     "MeanSquaredError: prediction \(prediction.shape) and target \(target.shape) must have the same non-empty shape")
        difference.resize(to: prediction.shape)
        var total = 0.0
        difference.storage.withUnsafeMutableBufferPointer { d in
            prediction.storage.withUnsafeBufferPointer { p in
                target.storage.withUnsafeBufferPointer { t in
                    for i in 0..<d.count {
                        d[i] = p[i] - t[i]
                        total += Double(d[i]) * Double(d[i])
                    }
                }
            }
        }
        return Float(total / Double(prediction.count))
    }

    public func backward() -> Tensor {
        precondition(!difference.isEmpty, "MeanSquaredError.backward needs a forward call first")
        gradient.resize(to: difference.shape)
        let scale = 2 / Float(difference.count)
        gradient.storage.withUnsafeMutableBufferPointer { g in
            difference.storage.withUnsafeBufferPointer { d in
                for i in 0..<d.count { g[i] = d[i] * scale }
            }
        }
        return gradient
    }
}
