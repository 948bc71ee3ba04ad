import TensorCore

extension Conv2d {
    /// Whether this layer's passes run the direct stride-2 kernels (see `StridedConvolution`):
    /// 3x3 stride-2 padding-1 layers, with AVX-512, when `algorithm` is not `im2col`.
    var usesStridedKernels: Bool {
        algorithm != .im2col && StridedConvolution.applies(kernelSize: kernelSize, stride: stride, padding: padding)
    }

    /// The forward pass by the direct stride-2 kernels: the whole batch at once, bias added afterwards.
    func stridedForward(_ x: Tensor, geometry g: ConvolutionGeometry) {
        if strided?.inChannels != inChannels { strided = StridedConvolution(inChannels: inChannels, outChannels: outChannels) }
        batchForward(x) { input, weight, output in
            strided!.forward(input: input, batch: batchSize, height: g.height, width: g.width, weight: weight, output: output)
        }
    }

    /// The backward pass by the direct stride-2 kernels; with `sum`, the input gradient is added
    /// to it (as the kernels write it) instead of written to `inputGradient`.
    func stridedBackward(_ dy: Tensor, needsInputGradient: Bool, addingTo sum: UnsafeMutablePointer<Float>? = nil) -> Tensor {
        batchBackward(dy, needsInputGradient: needsInputGradient, addingTo: sum) { b in
            let g = geometry
            strided!.backward(input: b.input, batch: batchSize, height: g.height, width: g.width, weight: b.weight,
                              outputGradient: b.outputGradient, weightGradient: b.weightGradient,
                              inputGradient: b.inputGradient, accumulatesInputGradient: b.accumulatesInputGradient)
        }
    }
}
