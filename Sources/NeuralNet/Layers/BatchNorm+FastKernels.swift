import TensorCore

/// The passes of `BatchNorm` on the C loops of `FastNormalizationKernels` (when `algorithm` is not
/// `reference`): one call per channel and pass, over the channel's plane in every image.
///
/// Forward sums a channel's statistics in one pass (see `FastNormalizationKernels.statistics`),
/// then normalises the channel while its planes are in L2; backward sums the gradients, then
/// writes the input gradient and, with a residual, the gated gradient in the same second pass.
extension BatchNorm {
    /// The normalising pass of `forward(_:context:rectified:adding:)` after its checks and
    /// buffers: `output`, `positive`, the batch statistics when `training` and the running ones.
    func forwardFast(_ x: Tensor, training: Bool, rectified: Bool, adding residual: Tensor?) {
        let n = x.shape[0], c = features, spatial = x.count / max(n * c, 1)
        let m = Double(n * spatial), eps = Double(epsilon), mom = momentum
        let maskBytes = (spatial + 7) / 8, wide = algorithm == .avx512
        withOptionalPointer(residual) { residualBase in
        x.storage.withUnsafeBufferPointer { xs in
        output.storage.withUnsafeMutableBufferPointer { out in
        positive.withUnsafeMutableBufferPointer { bits in
        weight.value.storage.withUnsafeBufferPointer { gamma in
        bias.value.storage.withUnsafeBufferPointer { beta in
        runningMean.value.storage.withUnsafeMutableBufferPointer { runMean in
        runningVariance.value.storage.withUnsafeMutableBufferPointer { runVar in
            for ch in 0..<c {
                let offset = ch * spatial
                if training {
                    let moments = FastNormalizationKernels.statistics(xs.baseAddress! + offset, planes: n,
                                                                      planeStride: c * spatial, count: spatial,
                                                                      avx512: wide)
                    let mu = Float(moments.mean)
                    mean[ch] = mu
                    inverseStd[ch] = Float(1 / (moments.squares / m + eps).squareRoot())
                    runMean[ch] = (1 - mom) * runMean[ch] + mom * mu
                    runVar[ch] = (1 - mom) * runVar[ch] + mom * Float(moments.squares / (m - 1))
                }
                FastNormalizationKernels.normalize(
                    xs.baseAddress! + offset, residual: residualBase.map { $0 + offset },
                    mask: rectified ? bits.baseAddress! + ch * maskBytes : nil, maskStride: c * maskBytes,
                    output: out.baseAddress! + offset, planes: n, planeStride: c * spatial, count: spatial,
                    mean: mean[ch], scale: gamma[ch] * inverseStd[ch], shift: beta[ch], avx512: wide)
            }
        }}}}}}}}
    }

    /// `backward(_:needsInputGradient:)` after its checks and buffers: the parameters' gradients,
    /// `gatedGradient` after a forward with a residual, and the input gradient when asked for.
    func backwardFast(_ dy: Tensor, needsInputGradient: Bool) {
        let n = dy.shape[0], c = features, spatial = dy.count / max(n * c, 1), m = Double(n * spatial)
        let gateByOutput = rectified, keepGated = addedResidual, trained = lastForwardTrained
        let maskBytes = (spatial + 7) / 8, stride = c * spatial, wide = algorithm == .avx512
        dy.storage.withUnsafeBufferPointer { gy in
        input.storage.withUnsafeBufferPointer { xs in
        positive.withUnsafeBufferPointer { bits in
        gatedGradient.storage.withUnsafeMutableBufferPointer { gated in
        inputGradient.storage.withUnsafeMutableBufferPointer { dx in
        weight.value.storage.withUnsafeBufferPointer { gamma in
        weight.gradient.storage.withUnsafeMutableBufferPointer { dGamma in
        bias.gradient.storage.withUnsafeMutableBufferPointer { dBeta in
            for ch in 0..<c {
                let offset = ch * spatial, mu = mean[ch], invStd = inverseStd[ch]
                let gate = gateByOutput ? bits.baseAddress! + ch * maskBytes : nil
                let sums = FastNormalizationKernels.gradientSums(gy.baseAddress! + offset, gate: gate,
                                                                 gateStride: c * maskBytes, x: xs.baseAddress! + offset,
                                                                 planes: n, planeStride: stride, count: spatial,
                                                                 mean: mu, avx512: wide)
                // sum(g * xhat) with xhat = (x - mean) * invStd.
                let sumGXhat = sums.centeredProduct * Double(invStd)
                if !weight.isFrozen { dGamma[ch] += Float(sumGXhat) }
                if !bias.isFrozen { dBeta[ch] += Float(sums.gradient) }
                guard needsInputGradient || keepGated else { continue }
                // Training: dx = gamma * invStd * (g - mean(g) - xhat * mean(g * xhat));
                // evaluation: dx = gamma * invStd * g.
                let a = gamma[ch] * invStd
                let b = trained ? -a * invStd * Float(sumGXhat / m) : 0
                let shift = trained ? -a * Float(sums.gradient / m) : 0
                FastNormalizationKernels.inputGradient(
                    gy.baseAddress! + offset, gate: gate, gateStride: c * maskBytes,
                    gated: keepGated ? gated.baseAddress! + offset : nil,
                    x: trained ? xs.baseAddress! + offset : nil,
                    inputGradient: needsInputGradient ? dx.baseAddress! + offset : nil,
                    planes: n, planeStride: stride, count: spatial, mean: mu, a: a, b: b, c: shift, avx512: wide)
            }
        }}}}}}}}
    }
}

/// Runs `body` with the base address of `tensor`'s values, or with nil without a tensor.
private func withOptionalPointer<Result>(_ tensor: Tensor?, _ body: (UnsafePointer<Float>?) -> Result) -> Result {
    guard let tensor else { return body(nil) }
    return tensor.storage.withUnsafeBufferPointer { body($0.baseAddress) }
}
