import TensorCore

/// Batch normalisation over dimension 1 of `[batch, channels, ...]` inputs, shared by
/// `BatchNorm1d` and `BatchNorm2d`.
///
/// Training normalises with the batch mean and biased variance and updates the running statistics
/// with `momentum` (the running variance takes the unbiased batch variance, as PyTorch does);
/// evaluation normalises with the running statistics.
public class BatchNorm: Layer {
    public let features: Int
    public let epsilon: Float
    public let momentum: Float
    /// `[features]`, initialised to 1.
    public let weight: Parameter
    /// `[features]`, initialised to 0.
    public let bias: Parameter
    public let runningMean: Parameter
    public let runningVariance: Parameter
    /// `[1]`: the number of training batches seen (a count stored as `Float`).
    public let batchesTracked: Parameter

    var normalized = Tensor.empty
    var inverseStd: [Float] = []
    var output = Tensor.empty
    var inputGradient = Tensor.empty
    var lastForwardTrained = false

    init(features: Int, epsilon: Float, momentum: Float) {
        precondition(features > 0, "BatchNorm needs a positive feature count, got \(features)")
        self.features = features
        self.epsilon = epsilon
        self.momentum = momentum
        weight = Parameter(name: "weight", value: Tensor(shape: [features], repeating: 1))
        bias = Parameter(name: "bias", value: Tensor(shape: [features]))
        runningMean = Parameter(name: "running_mean", value: Tensor(shape: [features]))
        runningVariance = Parameter(name: "running_var", value: Tensor(shape: [features], repeating: 1))
        batchesTracked = Parameter(name: "num_batches_tracked", value: Tensor(shape: [1]))
    }

    public var parameters: [Parameter] { [weight, bias] }
    public var buffers: [Parameter] { [runningMean, runningVariance, batchesTracked] }
    public var description: String { "BatchNorm(\(features))" }

    /// Checks the input's rank for the concrete layer.
    func validate(_ shape: [Int]) {}

    public func resetParameters(using rng: inout RandomGenerator) {
        weight.value.storage.withUnsafeMutableBufferPointer { $0.update(repeating: 1) }
        bias.value.zero()
        runningMean.value.zero()
        runningVariance.value.storage.withUnsafeMutableBufferPointer { $0.update(repeating: 1) }
        batchesTracked.value.zero()
    }

    public func forward(_ x: Tensor, context: inout ForwardContext) -> Tensor {
        validate(x.shape)
        precondition(x.rank >= 2 && x.shape[1] == features,
                     "\(description) expects input [batch, \(features), ...], got \(x.shape)")
        let n = x.shape[0], c = features, spatial = x.count / max(n * c, 1), m = n * spatial
        lastForwardTrained = context.isTraining
        if inverseStd.count != c { inverseStd = [Float](repeating: 0, count: c) }
        output.resize(to: x.shape)
        normalized.resize(to: x.shape)
        if context.isTraining {
            precondition(m > 1, "\(description) needs more than one value per channel in training, got input \(x.shape)")
            batchesTracked.value.storage[0] += 1
        }
        let training = context.isTraining, eps = Double(epsilon), mom = momentum
        x.storage.withUnsafeBufferPointer { xs in
            output.storage.withUnsafeMutableBufferPointer { out in
                normalized.storage.withUnsafeMutableBufferPointer { xhat in
                    let gamma = weight.value.storage, beta = bias.value.storage
                    for ch in 0..<c {
                        var mean: Double, variance: Double
                        if training {
                            var sum = 0.0
                            for i in 0..<n {
                                let row = xs.baseAddress! + (i * c + ch) * spatial
                                for j in 0..<spatial { sum += Double(row[j]) }
                            }
                            mean = sum / Double(m)
                            var squares = 0.0
                            for i in 0..<n {
                                let row = xs.baseAddress! + (i * c + ch) * spatial
                                for j in 0..<spatial { let d = Double(row[j]) - mean; squares += d * d }
                            }
                            variance = squares / Double(m)
                            let unbiased = squares / Double(m - 1)
                            runningMean.value.storage[ch] = (1 - mom) * runningMean.value.storage[ch] + mom * Float(mean)
                            runningVariance.value.storage[ch] = (1 - mom) * runningVariance.value.storage[ch] + mom * Float(unbiased)
                        } else {
                            mean = Double(runningMean.value.storage[ch])
                            variance = Double(runningVariance.value.storage[ch])
                        }
                        let invStd = Float(1 / (variance + eps).squareRoot())
                        inverseStd[ch] = invStd
                        let meanF = Float(mean), g = gamma[ch], b = beta[ch]
                        for i in 0..<n {
                            let offset = (i * c + ch) * spatial
                            for j in offset..<(offset + spatial) {
                                let v = (xs[j] - meanF) * invStd
                                xhat[j] = v
                                out[j] = g * v + b
                            }
                        }
                    }
                }
            }
        }
        return output
    }

    public func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor {
        precondition(dy.shape == output.shape, "\(description).backward: gradient \(dy.shape) does not match output \(output.shape)")
        let n = dy.shape[0], c = features, spatial = dy.count / max(n * c, 1), m = Double(n * spatial)
        if needsInputGradient { inputGradient.resize(to: dy.shape) }
        dy.storage.withUnsafeBufferPointer { g in
            normalized.storage.withUnsafeBufferPointer { xhat in
                inputGradient.storage.withUnsafeMutableBufferPointer { dx in
                    for ch in 0..<c {
                        var sumDy = 0.0, sumDyXhat = 0.0
                        for i in 0..<n {
                            let offset = (i * c + ch) * spatial
                            for j in offset..<(offset + spatial) {
                                sumDy += Double(g[j])
                                sumDyXhat += Double(g[j]) * Double(xhat[j])
                            }
                        }
                        if !weight.isFrozen { weight.gradient.storage[ch] += Float(sumDyXhat) }
                        if !bias.isFrozen { bias.gradient.storage[ch] += Float(sumDy) }
                        guard needsInputGradient else { continue }
                        let gamma = weight.value.storage[ch], invStd = inverseStd[ch]
                        if lastForwardTrained {
                            // dx = gamma * invStd * (dy - mean(dy) - xhat * mean(dy * xhat))
                            let meanDy = Float(sumDy / m), meanDyXhat = Float(sumDyXhat / m), scale = gamma * invStd
                            for i in 0..<n {
                                let offset = (i * c + ch) * spatial
                                for j in offset..<(offset + spatial) {
                                    dx[j] = scale * (g[j] - meanDy - xhat[j] * meanDyXhat)
                                }
                            }
                        } else {
                            let scale = gamma * invStd
                            for i in 0..<n {
                                let offset = (i * c + ch) * spatial
                                for j in offset..<(offset + spatial) { dx[j] = scale * g[j] }
                            }
                        }
                    }
                }
            }
        }
        return needsInputGradient ? inputGradient : .empty
    }
}
