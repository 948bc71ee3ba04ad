import TensorCore

extension Conv2d {
    /// Accumulates the weight and bias gradients image by image and returns the input gradient.
    ///
    /// For stride 1 (and padding below the kernel size) the input gradient is itself a convolution:
    /// the output gradient, padded by `kernel - 1 - padding`, convolved with `flippedWeight`. Its
    /// im2col matrix serves twice: times `flippedWeight` it gives the input gradient straight in
    /// NCHW (no col2im, no zeroing), and the input image times its transpose gives the weight
    /// gradient in the flipped layout (no second im2col of the input).
    public func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor {
        let g = geometry, n = batchSize, plane = g.outputPlane, patch = g.patchSize
        let imageSize = inChannels * g.height * g.width, outSize = outChannels * plane
        // A strided 1x1 layer's forward kept its columns (`keepsColumns`) in place of the input.
        let usesKeptColumns = holdsKeptColumns
        precondition(n > 0 && (weight.isFrozen || usesKeptColumns || input.count == n * imageSize) && dy.shape == [n, outChannels, g.outputHeight, g.outputWidth],
                     "\(description).backward needs a training forward of the same batch first (gradient \(dy.shape))")
        if usesWinograd { return winogradBackward(dy, needsInputGradient: needsInputGradient) }
        if usesStridedKernels { return stridedBackward(dy, needsInputGradient: needsInputGradient) }
        let weightGradient = !weight.isFrozen
        let gradientGeometry = ConvolutionGeometry(channels: outChannels, height: g.outputHeight, width: g.outputWidth,
                                                   kernelSize: kernelSize, padding: kernelSize - 1 - padding)
        let asConvolution = needsInputGradient && stride == 1 && padding < kernelSize
        let inPlane = gradientGeometry.outputPlane, gradientPatch = gradientGeometry.patchSize
        // The weight-gradient product has few rows (channels) and long sums (pixels); with fewer
        // than 64 rows OpenBLAS runs it faster transposed, rows and columns swapped.
        let transposed = (asConvolution ? inChannels : outChannels) < 64
        let usesPhases = Self.lowersThroughPhases(g)
        // A 1x1 projection writes its whole input gradient, zeros included, image by image.
        let writesPointwise = ConvolutionKernels.isPointwise(g)
        if usesPhases { phases.resize(to: [ConvolutionKernels.phaseCount(g)]) }
        if needsInputGradient {
            inputGradient.resize(to: [n, inChannels, g.height, g.width])
            if asConvolution {
                columnGradient.resize(to: [gradientPatch, inPlane])
                flipWeight()
            } else {
                columnGradient.resize(to: [patch, plane])
            }
        }
        if weightGradient && (asConvolution || transposed) {
            // Accumulated over the batch here, then added to `weight.gradient` in its layout.
            flippedWeightGradient.resize(to: asConvolution ? (transposed ? [gradientPatch, inChannels] : flippedWeight.shape)
                                                           : [patch, outChannels])
            flippedWeightGradient.zero()
        }
        dy.storage.withUnsafeBufferPointer { gy in
            input.storage.withUnsafeBufferPointer { xs in
            columns.storage.withUnsafeMutableBufferPointer { imageColumns in
            keptColumns.storage.withUnsafeBufferPointer { keptBatch in
            weight.value.storage.withUnsafeBufferPointer { w in
            flippedWeight.storage.withUnsafeBufferPointer { wf in
            weight.gradient.storage.withUnsafeMutableBufferPointer { dw in
            flippedWeightGradient.storage.withUnsafeMutableBufferPointer { dwf in
            inputGradient.storage.withUnsafeMutableBufferPointer { dx in
            columnGradient.storage.withUnsafeMutableBufferPointer { dcol in
            phases.storage.withUnsafeMutableBufferPointer { phase in
                // col2im adds into the image; the phases and pointwise paths write every value themselves.
                if needsInputGradient && !asConvolution && !usesPhases && !writesPointwise { dx.update(repeating: 0) }
                for i in 0..<n {
                    let dyImage = gy.baseAddress! + i * outSize
                    // Image by image, so the products below find the gradient in cache.
                    if let bias, !bias.isFrozen { accumulateBiasGradient(dyImage, into: bias) }
                    if asConvolution {
                        ConvolutionKernels.im2col(dyImage, geometry: gradientGeometry, columns: dcol.baseAddress!, ldc: inPlane)
                        if weightGradient && transposed {
                            BLAS.gemm(transposeB: true, m: gradientPatch, n: inChannels, k: inPlane,
                                      a: dcol.baseAddress!, b: xs.baseAddress! + i * imageSize, beta: 1, c: dwf.baseAddress!)
                        } else if weightGradient {
                            BLAS.gemm(transposeB: true, m: inChannels, n: gradientPatch, k: inPlane,
                                      a: xs.baseAddress! + i * imageSize, b: dcol.baseAddress!, beta: 1, c: dwf.baseAddress!)
                        }
                        BLAS.gemm(m: inChannels, n: inPlane, k: gradientPatch, a: wf.baseAddress!,
                                  b: dcol.baseAddress!, c: dx.baseAddress! + i * imageSize)
                        continue
                    }
                    if weightGradient {
                        let col: UnsafePointer<Float>
                        if usesKeptColumns {
                            col = keptBatch.baseAddress! + i * patch * plane
                        } else if usesPhases {
                            ConvolutionKernels.splitPhases(xs.baseAddress! + i * imageSize, geometry: g, phases: phase.baseAddress!)
                            ConvolutionKernels.im2colFromPhases(phase.baseAddress!, geometry: g, columns: imageColumns.baseAddress!, ldc: plane)
                            col = UnsafePointer(imageColumns.baseAddress!)
                        } else {
                            ConvolutionKernels.im2col(xs.baseAddress! + i * imageSize, geometry: g,
                                                      columns: imageColumns.baseAddress!, ldc: plane)
                            col = UnsafePointer(imageColumns.baseAddress!)
                        }
                        if transposed {
                            BLAS.gemm(transposeB: true, m: patch, n: outChannels, k: plane,
                                      a: col, b: dyImage, beta: 1, c: dwf.baseAddress!)
                        } else {
                            BLAS.gemm(transposeB: true, m: outChannels, n: patch, k: plane,
                                      a: dyImage, b: col, beta: 1, c: dw.baseAddress!)
                        }
                    }
                    if needsInputGradient {
                        BLAS.gemm(transposeA: true, m: patch, n: plane, k: outChannels,
                                  a: w.baseAddress!, b: dyImage, c: dcol.baseAddress!)
                        if writesPointwise {
                            ConvolutionKernels.writePointwiseGradient(dcol.baseAddress!, ldc: plane, geometry: g,
                                                                      image: dx.baseAddress! + i * imageSize)
                        } else if usesPhases {
                            phase.update(repeating: 0)
                            ConvolutionKernels.col2imIntoPhases(dcol.baseAddress!, ldc: plane, geometry: g, phases: phase.baseAddress!)
                            ConvolutionKernels.mergePhases(phase.baseAddress!, geometry: g, image: dx.baseAddress! + i * imageSize)
                        } else {
                            ConvolutionKernels.col2im(dcol.baseAddress!, ldc: plane, geometry: g,
                                                      image: dx.baseAddress! + i * imageSize)
                        }
                    }
                }
            }}}}}}}}}}
        }
        if weightGradient && asConvolution {
            addFlippedWeightGradient(transposed: transposed)
        } else if weightGradient && transposed {
            addTransposedWeightGradient()
        }
        input = .empty
        holdsKeptColumns = false
        return needsInputGradient ? inputGradient : .empty
    }

    /// Like `backward(_:needsInputGradient:)`, but adds the input gradient to `sum` (shaped as
    /// the last forward's input) instead of returning it, as a residual block sums its branches:
    /// the direct stride-2 kernels add it as they write it, Winograd's chunk by chunk while the
    /// chunk is in cache, im2col afterwards
    /// (`sum + gradient`, the same bits as the separate addition).
    public func backward(_ dy: Tensor, addingInputGradientTo sum: inout Tensor) {
        precondition(sum.shape == [batchSize, inChannels, geometry.height, geometry.width],
                     "\(description).backward: the sum \(sum.shape) does not match the input [\(batchSize), \(inChannels), \(geometry.height), \(geometry.width)]")
        if usesStridedKernels || usesWinograd {
            sum.storage.withUnsafeMutableBufferPointer { s in
                if usesWinograd {
                    _ = winogradBackward(dy, needsInputGradient: true, addingTo: s.baseAddress!)
                } else {
                    _ = stridedBackward(dy, needsInputGradient: true, addingTo: s.baseAddress!)
                }
            }
            return
        }
        let gradient = backward(dy, needsInputGradient: true)
        sum.storage.withUnsafeMutableBufferPointer { s in
            gradient.storage.withUnsafeBufferPointer { d in VectorKernels.add(d.baseAddress!, into: s.baseAddress!, count: s.count) }
        }
    }

    /// Adds the per-channel sums of one image's output gradient to the bias gradient.
    @inline(__always)
    func accumulateBiasGradient(_ dy: UnsafePointer<Float>, into bias: Parameter) {
        let plane = geometry.outputPlane
        bias.gradient.storage.withUnsafeMutableBufferPointer { db in
            for c in 0..<outChannels { db[c] += VectorKernels.sum(dy + c * plane, count: plane) }
        }
    }

    /// Fills `flippedWeight[ci, co, ky, kx]` with `weight[co, ci, k - 1 - ky, k - 1 - kx]`.
    func flipWeight() {
        let k = kernelSize, taps = k * k, inC = inChannels, outC = outChannels
        flippedWeight.resize(to: [inC, outC, k, k])
        weight.value.storage.withUnsafeBufferPointer { w in
            flippedWeight.storage.withUnsafeMutableBufferPointer { f in
                for co in 0..<outC {
                    var source = w.baseAddress! + co * inC * taps
                    var target = f.baseAddress! + co * taps
                    for _ in 0..<inC {
                        for t in 0..<taps { target[t] = source[taps - 1 - t] }
                        source += taps
                        target += outC * taps
                    }
                }
            }
        }
    }

    /// Adds `flippedWeightGradient` to the weight gradient: laid out as `flippedWeight`
    /// (`[inChannels, outChannels, k, k]`), or `transposed` as `[outChannels, k, k, inChannels]`.
    func addFlippedWeightGradient(transposed: Bool) {
        let taps = kernelSize * kernelSize, inC = inChannels, outC = outChannels
        flippedWeightGradient.storage.withUnsafeBufferPointer { f in
            weight.gradient.storage.withUnsafeMutableBufferPointer { dw in
                for co in 0..<outC {
                    let target = dw.baseAddress! + co * inC * taps
                    if transposed {
                        // Tap by tap: contiguous reads of the inChannels values, strided writes.
                        for t in 0..<taps {
                            let source = f.baseAddress! + (co * taps + taps - 1 - t) * inC
                            for ci in 0..<inC { target[ci * taps + t] += source[ci] }
                        }
                    } else {
                        for ci in 0..<inC {
                            let source = f.baseAddress! + (ci * outC + co) * taps, row = target + ci * taps
                            for t in 0..<taps { row[t] += source[taps - 1 - t] }
                        }
                    }
                }
            }
        }
    }

    /// Adds `flippedWeightGradient`, holding the weight gradient transposed as `[patch, outChannels]`.
    func addTransposedWeightGradient() {
        let patch = inChannels * kernelSize * kernelSize, outC = outChannels
        flippedWeightGradient.storage.withUnsafeBufferPointer { f in
            weight.gradient.storage.withUnsafeMutableBufferPointer { dw in
                for co in 0..<outC {
                    let row = dw.baseAddress! + co * patch
                    var source = f.baseAddress! + co
                    for p in 0..<patch {
                        row[p] += source.pointee
                        source += outC
                    }
                }
            }
        }
    }
}
