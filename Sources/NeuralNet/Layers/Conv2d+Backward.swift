import TensorCore

extension Conv2d {
    /// Accumulates the weight and bias gradients image by image and returns the input gradient.
    ///
    /// For stride 1 (and padding below the kernel size) the input gradient is itself a convolution:
    /// the output gradient, padded by `kernel - 1 - padding`, convolved with `flippedWeight`. That
    /// lowers to one im2col and one matrix product writing straight into the NCHW gradient, instead
    /// of a product into a column buffer scattered back by col2im over a zeroed gradient.
    public func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor {
        let g = geometry, n = batchSize, plane = g.outputPlane, patch = g.patchSize
        let imageSize = inChannels * g.height * g.width, outSize = outChannels * plane
        precondition(n > 0 && (weight.isFrozen || input.count == n * imageSize) && dy.shape == [n, outChannels, g.outputHeight, g.outputWidth],
                     "\(description).backward needs a training forward of the same batch first (gradient \(dy.shape))")
        let weightGradient = !weight.isFrozen
        let gradientGeometry = ConvolutionGeometry(channels: outChannels, height: g.outputHeight, width: g.outputWidth,
                                                   kernelSize: kernelSize, padding: kernelSize - 1 - padding)
        let asConvolution = stride == 1 && padding < kernelSize
        if needsInputGradient {
            inputGradient.resize(to: [n, inChannels, g.height, g.width])
            if asConvolution {
                columnGradient.resize(to: [gradientGeometry.patchSize, gradientGeometry.outputPlane])
                flipWeight()
            } else {
                columnGradient.resize(to: [patch, plane])
            }
        }
        dy.storage.withUnsafeBufferPointer { gy in
            if !bias.isFrozen {
                bias.gradient.storage.withUnsafeMutableBufferPointer { db in
                    for i in 0..<n {
                        for c in 0..<outChannels {
                            db[c] += VectorKernels.sum(gy.baseAddress! + i * outSize + c * plane, count: plane)
                        }
                    }
                }
            }
            input.storage.withUnsafeBufferPointer { xs in
            columns.storage.withUnsafeMutableBufferPointer { col in
            weight.value.storage.withUnsafeBufferPointer { w in
            flippedWeight.storage.withUnsafeBufferPointer { wf in
            weight.gradient.storage.withUnsafeMutableBufferPointer { dw in
            inputGradient.storage.withUnsafeMutableBufferPointer { dx in
            columnGradient.storage.withUnsafeMutableBufferPointer { dcol in
                if needsInputGradient && !asConvolution { dx.update(repeating: 0) }
                for i in 0..<n {
                    let dyImage = gy.baseAddress! + i * outSize
                    if weightGradient {
                        ConvolutionKernels.im2col(xs.baseAddress! + i * imageSize, geometry: g,
                                                  columns: col.baseAddress!, ldc: plane)
                        BLAS.gemm(transposeB: true, m: outChannels, n: patch, k: plane,
                                  a: dyImage, b: col.baseAddress!, beta: 1, c: dw.baseAddress!)
                    }
                    guard needsInputGradient else { continue }
                    if asConvolution {
                        let inPlane = gradientGeometry.outputPlane
                        ConvolutionKernels.im2col(dyImage, geometry: gradientGeometry, columns: dcol.baseAddress!, ldc: inPlane)
                        BLAS.gemm(m: inChannels, n: inPlane, k: gradientGeometry.patchSize, a: wf.baseAddress!,
                                  b: dcol.baseAddress!, c: dx.baseAddress! + i * imageSize)
                    } else {
                        BLAS.gemm(transposeA: true, m: patch, n: plane, k: outChannels,
                                  a: w.baseAddress!, b: dyImage, c: dcol.baseAddress!)
                        ConvolutionKernels.col2im(dcol.baseAddress!, ldc: plane, geometry: g,
                                                  image: dx.baseAddress! + i * imageSize)
                    }
                }
            }}}}}}}
        }
        input = .empty
        return needsInputGradient ? inputGradient : .empty
    }

    /// Fills `flippedWeight[ci, co, ky, kx]` with `weight[co, ci, k - 1 - ky, k - 1 - kx]`.
    func flipWeight() {
        let k = kernelSize, taps = k * k
        flippedWeight.resize(to: [inChannels, outChannels, k, k])
        weight.value.storage.withUnsafeBufferPointer { w in
            flippedWeight.storage.withUnsafeMutableBufferPointer { f in
                for co in 0..<outChannels {
                    for ci in 0..<inChannels {
                        let source = (co * inChannels + ci) * taps, target = (ci * outChannels + co) * taps
                        for t in 0..<taps { f[target + t] = w[source + taps - 1 - t] }
                    }
                }
            }
        }
    }
}
