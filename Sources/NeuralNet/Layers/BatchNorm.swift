import TensorCore

/// Batch normalisation over dimension 1 of `[batch, channels, ...]` inputs, shared by
/// `BatchNorm1d` and `BatchNorm2d`.
///
/// Training normalises with the batch mean and biased variance and updates the running statistics
/// with `momentum` (the running variance takes the unbiased batch variance, as PyTorch does);
/// evaluation normalises with the running statistics.
///
/// Statistics are summed per plane in `Float` lanes and over planes in `Double`, channel by
/// channel, so a channel's planes stay in cache for the second and third pass. `algorithm` picks
/// the loops: the Swift `NormalizationKernels` (reproducible mode) or the C
/// `FastNormalizationKernels` (see `BatchNorm+FastKernels.swift`). `Sequential` runs a
/// following `ReLU` inside the normalising pass, and `ResidualBlock` also the shortcut's addition
/// (see `forward(_:context:rectified:adding:)`).
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

    /// The input of the last forward, which backward normalises again instead of keeping a
    /// normalised copy: training keeps a reference (released by backward), evaluation a copy.
    var input = Tensor.empty
    /// Per channel: the mean and `1 / sqrt(variance + epsilon)` the last forward used.
    var mean: [Float] = []
    var inverseStd: [Float] = []
    var output = Tensor.empty
    var inputGradient = Tensor.empty
    /// With a residual: the output gradient after the rectifier's gate, also the residual's gradient.
    var gatedGradient = Tensor.empty
    /// After a rectified forward: one bit per value, set where the output is positive; each
    /// plane's bits start at a new byte.
    var positive: [UInt8] = []
    var lastForwardTrained = false
    /// Whether the last forward rectified its output (see `forward(_:context:rectified:adding:)`).
    var rectified = false
    var addedResidual = false
    /// Which loops the passes run: `NormalizationAlgorithm.processDefault` (the Swift reference
    /// loops in reproducible mode, the C loops of `FastNormalizationKernels` otherwise).
    public var algorithm: NormalizationAlgorithm = .processDefault

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
        forward(x, context: &context, rectified: false)
    }

    /// Normalises `x`, adds `residual` when given, and when `rectified` takes `max(0, .)`, in one
    /// pass; backward then gates its gradient by the output (as a following `ReLU` would).
    func forward(_ x: Tensor, context: inout ForwardContext, rectified: Bool, adding residual: Tensor? = nil) -> Tensor {
        validate(x.shape)
        precondition(x.rank >= 2 && x.shape[1] == features,
                     "\(description) expects input [batch, \(features), ...], got \(x.shape)")
        precondition(residual == nil || residual!.shape == x.shape,
                     "\(description): the residual \(residual!.shape) does not match the input \(x.shape)")
        let n = x.shape[0], c = features, spatial = x.count / max(n * c, 1), m = n * spatial
        let training = context.isTraining
        lastForwardTrained = training
        self.rectified = rectified
        addedResidual = residual != nil
        if mean.count != c {
            mean = [Float](repeating: 0, count: c)
            inverseStd = [Float](repeating: 0, count: c)
        }
        if training {
            precondition(m > 1, "\(description) needs more than one value per channel in training, got input \(x.shape)")
            batchesTracked.value.storage[0] += 1
            input = x
        } else {
            for ch in 0..<c {
                mean[ch] = runningMean.value.storage[ch]
                inverseStd[ch] = Float(1 / (Double(runningVariance.value.storage[ch]) + Double(epsilon)).squareRoot())
            }
            // A copy, so that the producer of `x` may overwrite its buffer before a backward.
            input.resize(to: x.shape)
            input.storage.withUnsafeMutableBufferPointer { saved in
                x.storage.withUnsafeBufferPointer { xs in saved.baseAddress!.update(from: xs.baseAddress!, count: xs.count) }
            }
        }
        output.resize(to: x.shape)
        let maskBytes = (spatial + 7) / 8
        if rectified && positive.count != n * c * maskBytes { positive = [UInt8](repeating: 0, count: n * c * maskBytes) }
        if algorithm != .reference {
            forwardFast(x, training: training, rectified: rectified, adding: residual)
            return output
        }
        x.storage.withUnsafeBufferPointer { xs in
        output.storage.withUnsafeMutableBufferPointer { out in
        positive.withUnsafeMutableBufferPointer { bits in
        weight.value.storage.withUnsafeBufferPointer { gamma in
        bias.value.storage.withUnsafeBufferPointer { beta in
            for ch in 0..<c {
                // Right after the statistics, so the channel's planes are still in cache.
                if training { computeBatchStatistics(xs.baseAddress!, batch: n, spatial: spatial, channel: ch) }
                let mu = mean[ch], scale = gamma[ch] * inverseStd[ch], shift = beta[ch]
                for i in 0..<n {
                    let plane = i * c + ch, offset = plane * spatial
                    let source = xs.baseAddress! + offset, target = out.baseAddress! + offset
                    let mask = rectified ? bits.baseAddress! + plane * maskBytes : nil
                    if let residual {
                        residual.storage.withUnsafeBufferPointer { r in
                            NormalizationKernels.normalize(source, mean: mu, scale: scale, shift: shift,
                                                           residual: r.baseAddress! + offset, mask: mask,
                                                           output: target, count: spatial)
                        }
                    } else if let mask {
                        NormalizationKernels.normalize(source, mean: mu, scale: scale, shift: shift, residual: nil,
                                                       mask: mask, output: target, count: spatial)
                    } else {
                        NormalizationKernels.normalize(source, mean: mu, scale: scale, shift: shift, residual: nil,
                                                       mask: nil, output: target, count: spatial)
                    }
                }
            }
        }}}}}
        return output
    }

    /// Sets `mean[channel]` and `inverseStd[channel]` from the batch `xs` (two passes over the
    /// channel's planes: the mean, then the centred squares) and moves the channel's running
    /// statistics towards them.
    private func computeBatchStatistics(_ xs: UnsafePointer<Float>, batch n: Int, spatial: Int, channel ch: Int) {
        let c = features, m = Double(n * spatial)
        let mom = momentum, eps = Double(epsilon)
        var sum = 0.0
        for i in 0..<n { sum += Double(VectorKernels.sum(xs + (i * c + ch) * spatial, count: spatial)) }
        let mu = Float(sum / m)
        var squares = 0.0
        for i in 0..<n {
            squares += Double(NormalizationKernels.centeredSquares(xs + (i * c + ch) * spatial, mean: mu, count: spatial))
        }
        mean[ch] = mu
        inverseStd[ch] = Float(1 / (squares / m + eps).squareRoot())
        runningMean.value.storage.withUnsafeMutableBufferPointer { runMean in
            runningVariance.value.storage.withUnsafeMutableBufferPointer { runVar in
                runMean[ch] = (1 - mom) * runMean[ch] + mom * mu
                runVar[ch] = (1 - mom) * runVar[ch] + mom * Float(squares / (m - 1))
            }
        }
    }

    public func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor {
        precondition(dy.shape == output.shape && input.count == dy.count,
                     "\(description).backward: gradient \(dy.shape) does not match the last forward's output \(output.shape)")
        let n = dy.shape[0], c = features, spatial = dy.count / max(n * c, 1), m = Double(n * spatial)
        if needsInputGradient { inputGradient.resize(to: dy.shape) }
        if addedResidual { gatedGradient.resize(to: dy.shape) }
        let gateByOutput = rectified, keepGated = addedResidual, trained = lastForwardTrained
        if algorithm != .reference {
            backwardFast(dy, needsInputGradient: needsInputGradient)
            if trained { input = .empty }
            return needsInputGradient ? inputGradient : .empty
        }
        let maskBytes = (spatial + 7) / 8
        dy.storage.withUnsafeBufferPointer { gy in
        input.storage.withUnsafeBufferPointer { xs in
        positive.withUnsafeBufferPointer { bits in
        gatedGradient.storage.withUnsafeMutableBufferPointer { gated in
        inputGradient.storage.withUnsafeMutableBufferPointer { dx in
        weight.gradient.storage.withUnsafeMutableBufferPointer { dGamma in
        bias.gradient.storage.withUnsafeMutableBufferPointer { dBeta in
            for ch in 0..<c {
                let mu = mean[ch], invStd = inverseStd[ch]
                var sumG = 0.0, sumGX = 0.0
                for i in 0..<n {
                    let plane = i * c + ch, offset = plane * spatial
                    let g = gy.baseAddress! + offset, x = xs.baseAddress! + offset
                    let gate = gateByOutput ? bits.baseAddress! + plane * maskBytes : nil
                    let sums: (gradient: Float, centeredProduct: Float)
                    switch (gateByOutput, keepGated) {
                    case (true, true):
                        sums = NormalizationKernels.gradientSums(g, gate: gate, gated: gated.baseAddress! + offset,
                                                                 x: x, mean: mu, count: spatial)
                    case (true, false):
                        sums = NormalizationKernels.gradientSums(g, gate: gate, gated: nil,
                                                                 x: x, mean: mu, count: spatial)
                    case (false, true):
                        sums = NormalizationKernels.gradientSums(g, gate: nil, gated: gated.baseAddress! + offset,
                                                                 x: x, mean: mu, count: spatial)
                    case (false, false):
                        sums = NormalizationKernels.gradientSums(g, gate: nil, gated: nil, x: x, mean: mu, count: spatial)
                    }
                    sumG += Double(sums.gradient)
                    sumGX += Double(sums.centeredProduct)
                }
                // sum(g * xhat) with xhat = (x - mean) * invStd.
                let sumGXhat = sumGX * Double(invStd)
                if !weight.isFrozen { dGamma[ch] += Float(sumGXhat) }
                if !bias.isFrozen { dBeta[ch] += Float(sumG) }
                guard needsInputGradient else { continue }
                // Training: dx = gamma * invStd * (g - mean(g) - xhat * mean(g * xhat));
                // evaluation: dx = gamma * invStd * g.
                let a = weight.value.storage[ch] * invStd
                let b = trained ? -a * invStd * Float(sumGXhat / m) : 0
                let shift = trained ? -a * Float(sumG / m) : 0
                for i in 0..<n {
                    let plane = i * c + ch, offset = plane * spatial
                    let x = xs.baseAddress! + offset, target = dx.baseAddress! + offset
                    let gate = gateByOutput ? bits.baseAddress! + plane * maskBytes : nil
                    // With a residual the gated gradient is already written; read it instead of gating again.
                    let source = keepGated ? UnsafePointer(gated.baseAddress! + offset) : gy.baseAddress! + offset
                    switch (gateByOutput && !keepGated, trained) {
                    case (true, true):
                        NormalizationKernels.inputGradient(source, gate: gate, x: x, mean: mu, centered: true,
                                                           a: a, b: b, c: shift, inputGradient: target, count: spatial)
                    case (true, false):
                        NormalizationKernels.inputGradient(source, gate: gate, x: x, mean: mu, centered: false,
                                                           a: a, b: 0, c: 0, inputGradient: target, count: spatial)
                    case (false, true):
                        NormalizationKernels.inputGradient(source, gate: nil, x: x, mean: mu, centered: true,
                                                           a: a, b: b, c: shift, inputGradient: target, count: spatial)
                    case (false, false):
                        NormalizationKernels.inputGradient(source, gate: nil, x: x, mean: mu, centered: false,
                                                           a: a, b: 0, c: 0, inputGradient: target, count: spatial)
                    }
                }
            }
        }}}}}}}
        if trained { input = .empty }
        return needsInputGradient ? inputGradient : .empty
    }
}
