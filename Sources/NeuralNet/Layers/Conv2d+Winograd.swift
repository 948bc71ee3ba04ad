import TensorCore

extension Conv2d {
    /// Whether this layer's passes run Winograd's algorithm (see `algorithm`).
    var usesWinograd: Bool {
        algorithm == .winograd && ConvolutionAlgorithm.winogradApplies(kernelSize: kernelSize, stride: stride, padding: padding)
    }

    /// The forward pass by Winograd F(4x4, 3x3): the whole batch at once, bias added afterwards.
    func winogradForward(_ x: Tensor, geometry g: ConvolutionGeometry) {
        if winograd?.inChannels != inChannels { winograd = WinogradConvolution(inChannels: inChannels, outChannels: outChannels) }
        batchForward(x) { input, weight, output in
            winograd!.forward(input: input, batch: batchSize, height: g.height, width: g.width, weight: weight, output: output)
        }
    }

    /// A forward pass through a kernel that takes the whole batch (`input`, `weight`, `output`
    /// pointers), then the bias.
    func batchForward(_ x: Tensor, kernel: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>) -> Void) {
        x.storage.withUnsafeBufferPointer { xs in
            output.storage.withUnsafeMutableBufferPointer { out in
                weight.value.storage.withUnsafeBufferPointer { w in kernel(xs.baseAddress!, w.baseAddress!, out.baseAddress!) }
                addBias(to: out.baseAddress!)
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
        batchBackward(dy, needsInputGradient: needsInputGradient, addingTo: sum) { b in
            let g = geometry
            // Without a weight gradient the input is not kept and not read.
            winograd!.backward(input: b.input ?? b.outputGradient, batch: batchSize, height: g.height, width: g.width,
                               outputGradient: b.outputGradient, weightGradient: b.weightGradient,
                               inputGradient: b.inputGradient, accumulatesInputGradient: b.accumulatesInputGradient)
        }
    }

    /// The pointers a backward kernel of the whole batch (Winograd's, the direct stride-2 one) works on.
    struct BatchBackwardBuffers {
        /// The last forward's input, or nil when the weight is frozen (then it was not kept).
        var input: UnsafePointer<Float>?
        var weight: UnsafePointer<Float>
        var outputGradient: UnsafePointer<Float>
        /// Where to add the weight gradient, or nil for a frozen weight.
        var weightGradient: UnsafeMutablePointer<Float>?
        /// Where the input gradient goes (written, or added to with `accumulatesInputGradient`), or nil.
        var inputGradient: UnsafeMutablePointer<Float>?
        var accumulatesInputGradient: Bool
    }

    /// A backward pass through a kernel that takes the whole batch: the bias gradient here, the
    /// weight and input gradients by `kernel`, into `inputGradient` or added to `sum`.
    func batchBackward(_ dy: Tensor, needsInputGradient: Bool, addingTo sum: UnsafeMutablePointer<Float>?,
                       kernel: (BatchBackwardBuffers) -> Void) -> Tensor {
        let g = geometry, n = batchSize, outSize = outChannels * g.outputPlane
        let weightGradient = !weight.isFrozen
        if needsInputGradient && sum == nil { inputGradient.resize(to: [n, inChannels, g.height, g.width]) }
        dy.storage.withUnsafeBufferPointer { gy in
            if let bias, !bias.isFrozen {
                for i in 0..<n { accumulateBiasGradient(gy.baseAddress! + i * outSize, into: bias) }
            }
            guard weightGradient || needsInputGradient else { return }
            input.storage.withUnsafeBufferPointer { xs in
            weight.value.storage.withUnsafeBufferPointer { w in
            weight.gradient.storage.withUnsafeMutableBufferPointer { dw in
            inputGradient.storage.withUnsafeMutableBufferPointer { dx in
                kernel(BatchBackwardBuffers(input: xs.baseAddress, weight: w.baseAddress!, outputGradient: gy.baseAddress!,
                                            weightGradient: weightGradient ? dw.baseAddress! : nil,
                                            inputGradient: needsInputGradient ? sum ?? dx.baseAddress! : nil,
                                            accumulatesInputGradient: sum != nil))
            }}}}
        }
        input = .empty
        return needsInputGradient && sum == nil ? inputGradient : .empty
    }
}
