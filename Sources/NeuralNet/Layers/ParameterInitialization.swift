import TensorCore

/// PyTorch's default initialisations.
enum ParameterInitialization {
    /// Fills `tensor` uniformly in `[-bound, bound)`, drawing values in storage order.
    static func uniform(_ tensor: inout Tensor, bound: Float, rng: inout RandomGenerator) {
        tensor.storage.withUnsafeMutableBufferPointer { values in
            for i in values.indices { values[i] = rng.nextFloat(in: -bound, bound) }
        }
    }

    /// Kaiming-uniform with `a = sqrt(5)` as `nn.Linear`/`nn.Conv2d` use: the bound is
    /// `gain * sqrt(3 / fanIn)` with `gain = sqrt(2 / (1 + a^2))`, which is `1 / sqrt(fanIn)`.
    static func kaimingUniformBound(fanIn: Int) -> Float {
        let a = 5.0.squareRoot()
        let gain = (2.0 / (1 + a * a)).squareRoot()
        return Float(gain * (3.0 / Double(fanIn)).squareRoot())
    }

    /// The bias bound of `nn.Linear`/`nn.Conv2d`: `1 / sqrt(fanIn)`.
    static func biasBound(fanIn: Int) -> Float {
        Float(1 / Double(fanIn).squareRoot())
    }
}
