/// What a model is built for: the shape of one example and the number of classes, both taken
/// from the data.
public struct ModelInput: Equatable, Codable, Sendable {
    /// The shape of one example without the batch dimension: `[channels, height, width]` for
    /// images, `[features]` for tables.
    public var exampleShape: [Int]
    /// How many classes the data has: the model's output features.
    public var classes: Int

    public init(exampleShape: [Int], classes: Int) {
        self.exampleShape = exampleShape
        self.classes = classes
    }

    /// Values per example (`exampleShape`'s product).
    public var featureCount: Int { exampleShape.reduce(1, *) }
}

/// Builds one kind of model, by name: an extension point of the `train` command line.
///
/// A builder is registered in a `ModelRegistry` under `name`; `--model NAME` then builds it for
/// the data's example shape and class count. The model should split into layer groups, body
/// first and the head last, so that discriminative learning rates and fine-tuning (which keeps
/// the body and replaces the head) work.
public protocol ModelBuilder: Sendable {
    /// The name `--model` takes, such as `mlp`.
    var name: String { get }
    /// One line for `--help`.
    var summary: String { get }
    /// Whether `reference` (a `--model` value) names this builder; the default matches `name`.
    /// A builder that reads model files accepts paths instead.
    func accepts(_ reference: String) -> Bool
    /// A freshly initialised model for `input`; the same seed gives bit-identical weights.
    ///
    /// - Parameters:
    ///   - reference: the `--model` value that chose this builder (a path, for a builder that
    ///     reads files).
    ///   - configuration: the builder's settings as JSON text (`--model-config`), nil for its
    ///     defaults; a builder without settings refuses any.
    ///   - input: the data's example shape and class count; the model's first layer takes the
    ///     one, its last layer gives the other.
    ///   - seed: the run's seed; draw every initial weight from a `RandomGenerator` made from it.
    /// - Throws: `ModelBuildError` (or the builder's own error) when the model cannot take `input`.
    func makeModel(_ reference: String, configuration: String?, for input: ModelInput, seed: UInt64) throws -> Sequential
}

extension ModelBuilder {
    public func accepts(_ reference: String) -> Bool { reference == name }
}

/// Why a model could not be built for the data.
public struct ModelBuildError: Error, Equatable, CustomStringConvertible {
    /// The model reference (name or file).
    public let model: String
    public let reason: String

    public init(model: String, reason: String) {
        self.model = model
        self.reason = reason
    }

    public var description: String { "model '\(model)': \(reason)" }
}
