import TensorCore

/// Batch normalisation of `[batch, features]` or `[batch, features, length]` inputs, as `nn.BatchNorm1d`.
public final class BatchNorm1d: BatchNorm {
    public init(_ features: Int, epsilon: Float = 1e-5, momentum: Float = 0.1) {
        super.init(features: features, epsilon: epsilon, momentum: momentum)
    }

    public override var description: String { "BatchNorm1d(\(features))" }

    override func validate(_ shape: [Int]) {
        precondition(shape.count == 2 || shape.count == 3,
                     "\(description) expects input [batch, \(features)] or [batch, \(features), length], got \(shape)")
    }
}
