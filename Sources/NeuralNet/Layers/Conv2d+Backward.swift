import TensorCore

extension Conv2d {
    public func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor {
        let g = geometry, n = batchSize, plane = g.outputPlane, patch = g.patchSize, ldc = n * plane
        precondition(n > 0 && dy.shape == [n, outChannels, g.outputHeight, g.outputWidth],
                     "\(description).backward needs a training forward of the same batch first (gradient \(dy.shape))")
        dy.storage.withUnsafeBufferPointer { gy in
            if !weight.isFrozen {
                columns.storage.withUnsafeBufferPointer { col in
                    weight.gradient.storage.withUnsafeMutableBufferPointer { dw in
                        for i in 0..<n {
                            BLAS.gemm(transposeB: true, m: outChannels, n: patch, k: plane,
                                      a: gy.baseAddress! + i * outChannels * plane,
                                      b: col.baseAddress! + i * plane, ldb: ldc,
                                      beta: 1, c: dw.baseAddress!)
                        }
                    }
                }
            }
            if !bias.isFrozen {
                bias.gradient.storage.withUnsafeMutableBufferPointer { db in
                    for i in 0..<n {
                        for c in 0..<outChannels {
                            let row = gy.baseAddress! + (i * outChannels + c) * plane
                            db[c] += VectorKernels.sum(row, count: plane)
                        }
                    }
                }
            }
        }
        guard needsInputGradient else { return .empty }
        let imageSize = inChannels * g.height * g.width
        inputGradient.resize(to: [n, inChannels, g.height, g.width])
        columnGradient.resize(to: [patch, plane])
        inputGradient.storage.withUnsafeMutableBufferPointer { dx in
            dx.update(repeating: 0)
            columnGradient.storage.withUnsafeMutableBufferPointer { dcol in
                dy.storage.withUnsafeBufferPointer { gy in
                    weight.value.storage.withUnsafeBufferPointer { w in
                        for i in 0..<n {
                            BLAS.gemm(transposeA: true, m: patch, n: plane, k: outChannels,
                                      a: w.baseAddress!, b: gy.baseAddress! + i * outChannels * plane,
                                      c: dcol.baseAddress!)
                            ConvolutionKernels.col2im(dcol.baseAddress!, ldc: plane, geometry: g,
                                                      image: dx.baseAddress! + i * imageSize)
                        }
                    }
                }
            }
        }
        return inputGradient
    }
}
