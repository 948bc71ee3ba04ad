/// A model LRLab builds from a configuration for any input shape and number of classes, split
/// into the layer groups `body` and `head`.
///
/// `make` draws every weight from `seed`, so the same configuration, shape, classes and seed give
/// bit-identical models. A configuration decodes with every property optional (missing ones take
/// their defaults), so a settings file names only what it changes.
public protocol BuiltInModel: Sendable {
    associatedtype Configuration: Sendable, Codable, Equatable

    /// The name the model is chosen by, such as `resnet`.
    static var name: String { get }

    var configuration: Configuration { get }

    init(configuration: Configuration)

    /// A freshly initialised model for inputs of `inputShape` (one sample, such as
    /// `[channels, height, width]`) and `classes` classes, or an error naming the configuration
    /// property or the input that does not fit.
    func make(inputShape: [Int], classes: Int, seed: UInt64) throws -> Sequential
}

/// Why a built-in model cannot be made with its configuration for the given input.
public struct ModelConfigurationError: Error, Equatable, CustomStringConvertible {
    /// The model's name, such as `cnn`.
    public let model: String
    public let message: String

    public init(model: String, _ message: String) {
        self.model = model
        self.message = message
    }

    public var description: String { "model \(model): \(message)" }
}

/// Checks shared by the built-in models.
enum ModelInputCheck {
    /// Fails unless `classes` is positive and every dimension of `inputShape` is.
    static func validate(_ inputShape: [Int], classes: Int, model: String) throws {
        guard !inputShape.isEmpty, inputShape.allSatisfy({ $0 > 0 }) else {
            throw ModelConfigurationError(model: model, "the input shape \(inputShape) must have positive dimensions")
        }
        guard classes > 0 else {
            throw ModelConfigurationError(model: model, "the number of classes must be positive, got \(classes)")
        }
    }

    /// `inputShape` as channels, height and width, or an error saying the model needs images.
    static func image(_ inputShape: [Int], classes: Int, model: String) throws -> (channels: Int, height: Int, width: Int) {
        try validate(inputShape, classes: classes, model: model)
        guard inputShape.count == 3 else {
            throw ModelConfigurationError(model: model, "needs image inputs [channels, height, width], got the input shape \(inputShape)"
                                          + (inputShape.count == 1 ? " (rows of table features): use the mlp model for tables" : ""))
        }
        return (inputShape[0], inputShape[1], inputShape[2])
    }

    /// Fails unless `values` (the configuration property `property`) is non-empty and positive.
    static func requirePositive(_ values: [Int], _ property: String, model: String, allowEmpty: Bool = false) throws {
        guard allowEmpty || !values.isEmpty else {
            throw ModelConfigurationError(model: model, "`\(property)` must list at least one size")
        }
        guard values.allSatisfy({ $0 > 0 }) else {
            throw ModelConfigurationError(model: model, "`\(property)` must be positive, got \(values)")
        }
    }
}
