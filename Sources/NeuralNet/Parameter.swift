import TensorCore

/// A learnable tensor and the gradient accumulated for it.
///
/// Reference semantics: a layer, the model and the optimizer's parameter groups all share one
/// `Parameter`, so an optimizer step is seen by the layer without copying. The same class holds
/// non-learnable state that a checkpoint must keep (BatchNorm running statistics); such buffers
/// are listed in `Layer.buffers`, never in `Layer.parameters`.
public final class Parameter {
    /// The name inside its layer, such as `weight` or `bias`.
    public let name: String
    /// The current values.
    public var value: Tensor
    /// The gradient of the loss with respect to `value`, accumulated by backward passes until the
    /// optimizer clears it.
    public var gradient: Tensor
    /// A frozen parameter receives no gradient and is not changed by optimizer steps.
    public var isFrozen: Bool = false

    /// A parameter holding `value`, with a zero gradient of the same shape.
    public init(name: String, value: Tensor) {
        self.name = name
        self.value = value
        self.gradient = Tensor(shape: value.shape)
    }
}
