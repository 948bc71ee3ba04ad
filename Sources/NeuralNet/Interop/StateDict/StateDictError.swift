/// Why a state dict does not fit a model: every missing, unexpected and wrongly shaped tensor at
/// once, so one message says everything that must change.
public struct StateDictError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A tensor and its shape.
    public struct Entry: Equatable, Sendable {
        public let key: String
        public let shape: [Int]
    }

    /// A tensor whose saved shape differs from the model's.
    public struct ShapeMismatch: Equatable, Sendable {
        public let key: String
        public let saved: [Int]
        public let model: [Int]
    }

    /// Where the tensors came from: a file path or a plain description.
    public let source: String
    /// In the model but not in the saved tensors, in model order.
    public let missing: [Entry]
    /// In the saved tensors but not in the model, by key.
    public let unexpected: [Entry]
    /// In both with different shapes, in model order.
    public let wrongShapes: [ShapeMismatch]
    /// Other problems with single values (a count that is not a whole number, ...).
    public let invalid: [String]

    public var description: String {
        func shape(_ dimensions: [Int]) -> String { "[" + dimensions.map(String.init).joined(separator: ", ") + "]" }
        func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)" + (count == 1 ? "" : "s") }
        var parts: [String] = []
        if !missing.isEmpty {
            parts.append("\(plural(missing.count, "missing tensor")): "
                         + missing.map { "`\($0.key)` \(shape($0.shape))" }.joined(separator: ", "))
        }
        if !unexpected.isEmpty {
            parts.append("\(plural(unexpected.count, "unexpected tensor")) (not in the model): "
                         + unexpected.map { "`\($0.key)` \(shape($0.shape))" }.joined(separator: ", "))
        }
        if !wrongShapes.isEmpty {
            parts.append("\(plural(wrongShapes.count, "tensor")) of the wrong shape: "
                         + wrongShapes.map { "`\($0.key)` is \(shape($0.saved)) there but \(shape($0.model)) in the model" }
                             .joined(separator: ", "))
        }
        parts.append(contentsOf: invalid)
        return "cannot load the weights of \(source) into the model: " + parts.joined(separator: "; ")
            + ". Keys and shapes are those of the equivalent PyTorch nn.Sequential's state_dict() (for the mlp "
            + "`1.weight` [256, 784]); use weights saved from a model of the same architecture and classes"
    }
}
