import TensorCore

extension Conv2d {
    /// Whether this layer's passes run Winograd's algorithm (see `algorithm`).
    var usesWinograd: Bool {
        algorithm == .winograd && ConvolutionAlgorithm.winogradApplies(kernelSize: kernelSize, stride: stride, padding: padding)
    }

    /// The forward pass by Winograd F(4x4, 3x3): the whole batch at once, bias added afterwards.
    func winogradForward(_ x: Tensor, geometry g: ConvolutionGeometry) {
        let n = batchSize
        if winograd?.inChannels != inChannels { winograd = WinogradConvolution(inChannels: inChannels, outChannels: outChannels) }
        x.storage.withUnsafeBufferPointer { xs in
            output.storage.withUnsafeMutableBufferPointer { out in
                weight.value.storage.withUnsafeBufferPointer { w in
                    winograd!.forward(input: xs.baseAddress!, batch: n, height: g.height, width: g.width,
                                      weight: w.baseAddress!, output: out.baseAddress!)
                    addBias(to: out.baseAddress!)
                }
            }
        }
    }

    /// Adds the bias (when the layer has one) to every output plane of the batch at `output`.
    func addBias(to output: UnsafeMutablePointer<Float>) {
        guard let bias else { return }
        let plane = geometry.outputPlane
        bias.value.storage.withUnsafeBufferPointer { b in
            for i in 0..<batchSize {
                for c in 0..<outChannels {
                    let channel = output + (i * outChannels + c) * plane, value = b[c]
                    for j in 0..<plane { channel[j] += value }
                }
            }
        }
    }

    /// The backward pass by Winograd F(4x4, 3x3) (the adjoint of `winogradForward`).
    ///
    /// With `sum`, the input gradient is added to it instead of written to `inputGradient`.
    func winogradBackward(_ dy: Tensor, needsInputGradient: Bool, addingTo sum: UnsafeMutablePointer<Float>? = nil) -> Tensor {
        let g = geometry, n = batchSize, outSize = outChannels * g.outputPlane
        let weightGradient = !weight.isFrozen
        if needsInputGradient && sum == nil { inputGradient.resize(to: [n, inChannels, g.height, g.width]) }
        dy.storage.withUnsafeBufferPointer { gy in
            if let bias, !bias.isFrozen {
                for i in 0..<n { accumulateBiasGradient(gy.baseAddress! + i * outSize, into: bias) }
            }
            guard weightGradient || needsInputGradient else { return }
            input.storage.withUnsafeBufferPointer { xs in
            weight.gradient.storage.withUnsafeMutableBufferPointer { dw in
            inputGradient.storage.withUnsafeMutableBufferPointer { dx in
                // Without a weight gradient the input is not kept and not read.
                let inputPointer = xs.baseAddress ?? gy.baseAddress!
                winograd!.backward(input: inputPointer, batch: n, height: g.height, width: g.width,
                                   outputGradient: gy.baseAddress!,
                                   weightGradient: weightGradient ? dw.baseAddress! : nil,
                                   inputGradient: needsInputGradient ? sum ?? dx.baseAddress! : nil,
                                   accumulatesInputGradient: sum != nil)
            }}}
        }
        input = .empty
        return needsInputGradient && sum == nil ? inputGradient : .empty
    }
}
