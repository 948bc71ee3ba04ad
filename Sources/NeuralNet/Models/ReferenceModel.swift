import TensorCore

/// The models LRLab trains on 28x28 single-channel images, by name, each split into the layer
/// groups `body` and `head`.
///
/// - `mlp`: body [Flatten, Linear(784, 256), ReLU], head [Linear(256, classes)].
/// - `cnn`: body [Conv2d(1, 16, 3, padding 1), ReLU, MaxPool2d(2), Conv2d(16, 32, 3, padding 1),
///   ReLU, MaxPool2d(2), Flatten], head [Linear(1568, classes)].
public enum ReferenceModel: String, CaseIterable, Sendable {
    case mlp, cnn

    /// The model called `name`.
    /// - Throws: `UnknownExtensionError` listing the valid names.
    public init(validating name: String) throws {
        guard let model = ReferenceModel(rawValue: name) else {
            throw UnknownExtensionError(kind: "model", name: name, known: ReferenceModel.allCases.map(\.rawValue))
        }
        self = model
    }

    /// Features entering the head.
    public var headInputFeatures: Int {
        switch self {
        case .mlp: 256
        case .cnn: 32 * 7 * 7
        }
    }

    /// A freshly initialised model; the same seed gives bit-identical weights.
    public func make(seed: UInt64, classes: Int = 10) -> Sequential {
        var rng = RandomGenerator(seed: seed)
        let body: [any Layer]
        switch self {
        case .mlp:
            body = [Flatten(), Linear(784, 256, rng: &rng), ReLU()]
        case .cnn:
            body = [Conv2d(1, 16, kernelSize: 3, padding: 1, rng: &rng), ReLU(), MaxPool2d(kernelSize: 2),
                    Conv2d(16, 32, kernelSize: 3, padding: 1, rng: &rng), ReLU(), MaxPool2d(kernelSize: 2),
                    Flatten()]
        }
        return Sequential(groups: [LayerGroup(name: "body", layers: body),
                                   LayerGroup(name: "head", layers: makeHead(classes: classes, rng: &rng))])
    }

    /// A freshly initialised head for `classes` classes (fine-tuning swaps it for the old one).
    public func makeHead(classes: Int, rng: inout RandomGenerator) -> [any Layer] {
        precondition(classes > 0, "a model needs at least one class, got \(classes)")
        return [Linear(headInputFeatures, classes, rng: &rng)]
    }
}
