import TensorCore

/// Parameters that share hyper-parameters inside an optimizer, like PyTorch's `param_groups`.
///
/// Schedules change `learningRate` and `momentum` between batches; discriminative learning rates
/// give each layer group its own `ParameterGroup`.
public final class ParameterGroup {
    public let name: String
    public let parameters: [Parameter]
    public var learningRate: Float
    /// SGD momentum, or Adam's beta1.
    public var momentum: Float
    /// Adam's beta2 (ignored by SGD).
    public var beta2: Float
    public var weightDecay: Float
    /// Adam's epsilon (ignored by SGD).
    public var epsilon: Float

    public init(name: String, parameters: [Parameter], learningRate: Float, momentum: Float = 0,
                beta2: Float = 0.999, weightDecay: Float = 0, epsilon: Float = 1e-8) {
        self.name = name
        self.parameters = parameters
        self.learningRate = learningRate
        self.momentum = momentum
        self.beta2 = beta2
        self.weightDecay = weightDecay
        self.epsilon = epsilon
    }
}

/// Everything an optimizer needs to continue exactly where it stopped.
public struct OptimizerState: Equatable {
    /// The optimizer's kind, such as `sgd` or `adamw`; restoring into another kind is an error.
    public var kind: String
    /// Steps taken so far (Adam's bias correction depends on it).
    public var stepCount: Int
    /// Per group: learning rate, momentum, beta2, weight decay, epsilon.
    public var hyperParameters: [[Float]]
    /// Per-parameter slots by name (`momentum_buffer`, `exp_avg`, ...), one tensor per parameter
    /// in group order; an empty tensor stands for a slot not yet created.
    public var slots: [String: [Tensor]]

    public init(kind: String, stepCount: Int, hyperParameters: [[Float]], slots: [String: [Tensor]]) {
        self.kind = kind
        self.stepCount = stepCount
        self.hyperParameters = hyperParameters
        self.slots = slots
    }
}

/// Updates parameters from their gradients, group by group.
public protocol Optimizer: AnyObject {
    var groups: [ParameterGroup] { get }
    /// Applies one update to every parameter that is not frozen.
    func step()
    /// Sets every gradient to zero.
    func zeroGradients()
    /// A copy of the internal state (for checkpoints and the LR finder's snapshot).
    func saveState() -> OptimizerState
    /// Restores a state saved from an optimizer of the same kind over the same parameter shapes.
    func restoreState(_ state: OptimizerState) throws
}
