import Foundation

/// A built-in model (`mlp`, `cnn`, `resnet`) as a registry entry, with its configuration
/// given as JSON (`--model-config '{"widths": [32, 64]}'`; keys left out keep their defaults).
public struct BuiltInModelBuilder<Model: BuiltInModel>: ModelBuilder {
    public let summary: String

    public init(summary: String) {
        self.summary = summary
    }

    public var name: String { Model.name }

    public func makeModel(_ reference: String, configuration: String?, for input: ModelInput, seed: UInt64) throws -> Sequential {
        // An empty object gives the defaults: every configuration decodes missing keys as them.
        let settings: Model.Configuration
        do {
            settings = try JSONDecoder().decode(Model.Configuration.self, from: Data((configuration ?? "{}").utf8))
        } catch {
            throw ModelBuildError(model: reference, reason: "its configuration \(configuration ?? "{}") does not read: "
                                  + Self.describe(error))
        }
        return try Model(configuration: settings).make(inputShape: input.exampleShape, classes: input.classes, seed: seed)
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
             DecodingError.keyNotFound(_, let context), DecodingError.dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return (path.isEmpty ? "" : "`\(path)`: ") + context.debugDescription
        default:
            return String(describing: error)
        }
    }
}
