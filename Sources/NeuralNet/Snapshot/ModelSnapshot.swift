import TensorCore

/// An in-memory copy of a model's state (and optionally its optimizer's and a random stream's),
/// restored bit for bit; the LR finder uses it to leave the model as it found it.
///
/// Copies are cheap: tensors are copy-on-write, so taking a snapshot shares storage until the next
/// optimizer step writes to a parameter.
public struct ModelSnapshot {
    /// One saved parameter or buffer.
    struct Entry {
        let name: String
        let value: Tensor
        let gradient: Tensor
        let isFrozen: Bool
    }

    let entries: [Entry]
    /// The optimizer's state, if an optimizer was given.
    public let optimizerState: OptimizerState?
    /// The random stream's state, if one was given.
    public let randomGenerator: RandomGenerator?

    /// Captures every parameter and buffer of `model` (values, gradients, frozen flags), and the
    /// states of `optimizer` and `randomGenerator` when given.
    public init(model: Sequential, optimizer: (any Optimizer)? = nil, randomGenerator: RandomGenerator? = nil) {
        entries = model.namedTensors.map { name, parameter in
            Entry(name: name, value: parameter.value, gradient: parameter.gradient, isFrozen: parameter.isFrozen)
        }
        optimizerState = optimizer?.saveState()
        self.randomGenerator = randomGenerator
    }

    /// The names and shapes of the saved tensors, in model order.
    public var tensorShapes: [(name: String, shape: [Int])] { entries.map { ($0.name, $0.value.shape) } }

    /// Puts the saved state back into `model` and, when given, `optimizer`.
    ///
    /// Everything is checked first (tensor names and shapes, the optimizer state), so a failed
    /// restore changes nothing.
    public func restore(into model: Sequential, optimizer: (any Optimizer)? = nil) throws {
        let targets = model.namedTensors
        let problems = NamedTensorMatch.problems(saved: tensorShapes, model: targets)
        guard problems.isEmpty else {
            throw ModelSnapshotError("the model does not match the snapshot: " + problems.joined(separator: "; "))
        }
        if let optimizer {
            guard let optimizerState else {
                throw ModelSnapshotError("the snapshot holds no optimizer state; take it with `optimizer:` to restore one")
            }
            do { try optimizer.restoreState(optimizerState) } catch {
                throw ModelSnapshotError("\(error)")
            }
        }
        for (entry, target) in zip(entries, targets) {
            target.parameter.value = entry.value
            target.parameter.gradient = entry.gradient
            target.parameter.isFrozen = entry.isFrozen
        }
    }

    /// Restores as `restore(into:optimizer:)` does and also puts the saved random stream back.
    public func restore(into model: Sequential, optimizer: (any Optimizer)? = nil,
                        randomGenerator: inout RandomGenerator) throws {
        guard let saved = self.randomGenerator else {
            throw ModelSnapshotError("the snapshot holds no random generator; take it with `randomGenerator:`")
        }
        try restore(into: model, optimizer: optimizer)
        randomGenerator = saved
    }
}

/// Why a snapshot cannot be restored.
public struct ModelSnapshotError: Error, CustomStringConvertible, Equatable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { "cannot restore model snapshot: \(message)" }
}
