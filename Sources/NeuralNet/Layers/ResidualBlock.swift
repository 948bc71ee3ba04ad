import TensorCore

/// A residual basic block, as torchvision's `BasicBlock`: `relu(bn2(conv2(relu(bn1(conv1(x))))) +
/// shortcut(x))`.
///
/// `conv1` is 3x3 with the block's stride, `conv2` 3x3 with stride 1, both without bias (the
/// norms cancel it). The shortcut is the identity when the block keeps the shape, otherwise a
/// 1x1 projection with the stride followed by a BatchNorm (torchvision's `downsample`). The block
/// owns its sub-layers; its tensors are named after them (`conv1.weight`, `bn1.running_mean`,
/// `downsample.0.weight`, ...), sub-layer by sub-layer as PyTorch's `state_dict` lists them.
/// `bn1` applies the first rectifier and `bn2` the addition and the last one, each in its pass.
public final class ResidualBlock: Layer {
    public let inChannels: Int
    public let outChannels: Int
    public let stride: Int
    public let conv1: Conv2d
    public let bn1: BatchNorm2d
    public let conv2: Conv2d
    public let bn2: BatchNorm2d
    /// The projection of the shortcut and its norm, or nil for the identity.
    public let downsample: (conv: Conv2d, norm: BatchNorm2d)?

    private var inputGradient = Tensor.empty

    /// A block from `inChannels` to `outChannels` whose first convolution has `stride`; the
    /// shortcut projects when either changes the shape. Weights are drawn from `rng` in the order
    /// `conv1`, `conv2`, projection.
    public init(_ inChannels: Int, _ outChannels: Int, stride: Int = 1, rng: inout RandomGenerator) {
        precondition(inChannels > 0 && outChannels > 0 && stride > 0,
                     "ResidualBlock(\(inChannels), \(outChannels), stride \(stride)): sizes must be positive")
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.stride = stride
        conv1 = Conv2d(inChannels, outChannels, kernelSize: 3, stride: stride, padding: 1, bias: false, rng: &rng)
        bn1 = BatchNorm2d(outChannels)
        conv2 = Conv2d(outChannels, outChannels, kernelSize: 3, padding: 1, bias: false, rng: &rng)
        bn2 = BatchNorm2d(outChannels)
        if stride != 1 || inChannels != outChannels {
            downsample = (Conv2d(inChannels, outChannels, kernelSize: 1, stride: stride, bias: false, rng: &rng),
                          BatchNorm2d(outChannels))
        } else {
            downsample = nil
        }
    }

    /// The sub-layers under their names, in the order of `parameters`, `buffers` and `namedTensors`.
    public var sublayers: [(name: String, layer: any Layer)] {
        var result: [(String, any Layer)] = [("conv1", conv1), ("bn1", bn1), ("conv2", conv2), ("bn2", bn2)]
        if let downsample { result += [("downsample.0", downsample.conv), ("downsample.1", downsample.norm)] }
        return result
    }

    public var parameters: [Parameter] { sublayers.flatMap(\.layer.parameters) }
    public var buffers: [Parameter] { sublayers.flatMap(\.layer.buffers) }
    public var namedTensors: [(name: String, parameter: Parameter)] {
        sublayers.flatMap { name, layer in layer.namedTensors.map { ("\(name).\($0.name)", $0.parameter) } }
    }

    public var description: String {
        stride == 1 ? "ResidualBlock(\(inChannels), \(outChannels))"
            : "ResidualBlock(\(inChannels), \(outChannels), stride \(stride))"
    }

    public func resetParameters(using rng: inout RandomGenerator) {
        for (_, layer) in sublayers { layer.resetParameters(using: &rng) }
    }

    public func forward(_ x: Tensor, context: inout ForwardContext) -> Tensor {
        precondition(x.rank == 4 && x.shape[1] == inChannels,
                     "\(description) expects input [batch, \(inChannels), height, width], got \(x.shape)")
        var h = conv1.forward(x, context: &context)
        h = bn1.forward(h, context: &context, rectified: true)
        h = conv2.forward(h, context: &context)
        var shortcut = x
        if let downsample {
            shortcut = downsample.norm.forward(downsample.conv.forward(x, context: &context), context: &context)
        }
        return bn2.forward(h, context: &context, rectified: true, adding: shortcut)
    }

    public func backward(_ dy: Tensor, needsInputGradient: Bool) -> Tensor {
        // bn2 gates dy by the block's output; the gated gradient is also the shortcut's.
        var g = bn2.backward(dy, needsInputGradient: true)
        g = conv2.backward(g, needsInputGradient: true)
        g = bn1.backward(g, needsInputGradient: true)
        guard needsInputGradient else {
            _ = conv1.backward(g, needsInputGradient: false)
            if let downsample {
                let s = downsample.norm.backward(bn2.gatedGradient, needsInputGradient: true)
                _ = downsample.conv.backward(s, needsInputGradient: false)
            }
            return .empty
        }
        // The shortcut's gradient moves into this block's buffer (a swap, no copy, so it stays
        // the only reference and is written in place); conv1 then adds the main branch's to it.
        if let downsample {
            let s = downsample.norm.backward(bn2.gatedGradient, needsInputGradient: true)
            _ = downsample.conv.backward(s, needsInputGradient: true)
            swap(&inputGradient, &downsample.conv.inputGradient)
        } else {
            swap(&inputGradient, &bn2.gatedGradient)
        }
        conv1.backward(g, addingInputGradientTo: &inputGradient)
        return inputGradient
    }
}
