import TensorCore

/// A loss over a batch: `forward` returns the mean loss, `backward` its gradient with respect to
/// the prediction of that same forward call.
///
/// Targets are tensors: class indices stored as `Float` for classification (shape `[batch]`), or
/// values of the prediction's shape for regression.
public protocol Loss: AnyObject {
    /// The mean loss of `prediction` against `target`; remembers what `backward` needs.
    func forward(_ prediction: Tensor, target: Tensor) -> Float
    /// The gradient of the last mean loss with respect to the prediction.
    func backward() -> Tensor
}
