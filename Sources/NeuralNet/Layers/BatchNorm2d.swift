import TensorCore

/// Batch normalisation of `[batch, channels, height, width]` inputs, as `nn.BatchNorm2d`.
public final class BatchNorm2d: BatchNorm {
    public init(_ channels: Int, epsilon: Float = 1e-5, momentum: Float = 0.1) {
        super.init(features: channels, epsilon: epsilon, momentum: momentum)
    }

    public override var description: String { "BatchNorm2d(\(features))" }

    override func validate(_ shape: [Int]) {
        precondition(shape.count == 4, "\(description) expects input [batch, \(features), height, width], got \(shape)")
    }
}
