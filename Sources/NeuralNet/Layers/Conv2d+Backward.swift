import TensorCore

extension Conv2d {
    public func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor {
        let g = geometry, n = batchSize, plane = g.outputPlane, patch = g.patchSize
        let imageSize = inChannels * g.height * g.width, outSize = outChannels * plane
        precondition(n > 0 && (weight.isFrozen || input.count == n * imageSize) && dy.shape == [n, outChannels, g.outputHeight, g.outputWidth],
                     "\(description).backward needs a training forward of the same batch first (gradient \(dy.shape))")
        let weightGradient = !weight.isFrozen
        if needsInputGradient {
            inputGradient.resize(to: [n, inChannels, g.height, g.width])
            columnGradient.resize(to: [patch, plane])
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
            weight.gradient.storage.withUnsafeMutableBufferPointer { dw in
            inputGradient.storage.withUnsafeMutableBufferPointer { dx in
            columnGradient.storage.withUnsafeMutableBufferPointer { dcol in
                if needsInputGradient { dx.update(repeating: 0) }
                for i in 0..<n {
                    let dyImage = gy.baseAddress! + i * outSize
                    if weightGradient {
                        ConvolutionKernels.im2col(xs.baseAddress! + i * imageSize, geometry: g,
                                                  columns: col.baseAddress!, ldc: plane)
                        BLAS.gemm(transposeB: true, m: outChannels, n: patch, k: plane,
                                  a: dyImage, b: col.baseAddress!, beta: 1, c: dw.baseAddress!)
                    }
                    if needsInputGradient {
                        BLAS.gemm(transposeA: true, m: patch, n: plane, k: outChannels,
                                  a: w.baseAddress!, b: dyImage, c: dcol.baseAddress!)
                        ConvolutionKernels.col2im(dcol.baseAddress!, ldc: plane, geometry: g,
                                                  image: dx.baseAddress! + i * imageSize)
                    }
                }
            }}}}}}
        }
        input = .empty
        return needsInputGradient ? inputGradient : .empty
    }
}
