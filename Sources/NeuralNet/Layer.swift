import TensorCore

/// What a forward pass needs besides its input: the mode and the random stream for dropout.
public struct ForwardContext {
    /// Training mode: dropout drops and BatchNorm uses and updates batch statistics.
    public var isTraining: Bool
    /// The stream dropout masks are drawn from; the learner owns it so runs replay exactly.
    public var rng: RandomGenerator

    public init(isTraining: Bool, rng: RandomGenerator = RandomGenerator(seed: 0)) {
        self.isTraining = isTraining
        self.rng = rng
    }
}

/// A differentiable step of a model.
///
/// `forward` keeps what `backward` needs (inputs, masks, im2col buffers) inside the layer, so a
/// layer instance serves one forward/backward pair at a time. `backward` *adds* to the gradients
/// of its parameters (as PyTorch does) and returns the gradient with respect to its input.
public protocol Layer: AnyObject, CustomStringConvertible {
    /// The learnable parameters, in a fixed order (checkpoints rely on it).
    var parameters: [Parameter] { get }
    /// Non-learnable state saved with the model, such as running statistics.
    var buffers: [Parameter] { get }
    /// Parameters then buffers under names unique within the layer, in a fixed order: what
    /// checkpoints and snapshots save. A layer made of sub-layers qualifies their names
    /// (`conv1.weight`); the default lists `parameters` and `buffers` under their own names.
    var namedTensors: [(name: String, parameter: Parameter)] { get }

    /// The output for `input`; in training mode also remembers what `backward` needs.
    func forward(_ input: Tensor, context: inout ForwardContext) -> Tensor

    /// Accumulates parameter gradients from `outputGradient` and returns the input gradient.
    ///
    /// When `needsInputGradient` is false (the first trainable layer of a model) the layer may
    /// skip that work and return an empty tensor.
    func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor

    /// Draws fresh initial values (PyTorch's defaults) from `rng`.
    func resetParameters(using rng: inout RandomGenerator)
}

extension Layer {
    public var parameters: [Parameter] { [] }
    public var buffers: [Parameter] { [] }
    public var namedTensors: [(name: String, parameter: Parameter)] { (parameters + buffers).map { ($0.name, $0) } }
    public func resetParameters(using rng: inout RandomGenerator) {}
}
