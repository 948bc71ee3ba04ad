import TensorCore

/// A multilayer perceptron: body [Flatten, then Linear and ReLU per hidden size], head [Linear].
///
/// With the default configuration and inputs `[1, 28, 28]` it is `ReferenceModel.mlp`, weight for
/// weight. Inputs of any shape are flattened per sample, so tables (`[features]`) work as well.
public struct MLPModel: BuiltInModel {
    public struct Configuration: Sendable, Codable, Equatable {
        /// The widths of the hidden layers, in order; empty for a linear model.
        public var hiddenSizes: [Int]

        public init(hiddenSizes: [Int] = [256]) {
            self.hiddenSizes = hiddenSizes
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(hiddenSizes: try container.decodeIfPresent([Int].self, forKey: .hiddenSizes) ?? [256])
        }
    }

    public static let name = "mlp"
    public var configuration: Configuration

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    public func make(inputShape: [Int], classes: Int, seed: UInt64) throws -> Sequential {
        try ModelInputCheck.validate(inputShape, classes: classes, model: Self.name)
        try ModelInputCheck.requirePositive(configuration.hiddenSizes, "hiddenSizes", model: Self.name, allowEmpty: true)
        var rng = RandomGenerator(seed: seed)
        var features = inputShape.reduce(1, *)
        var body: [any Layer] = [Flatten()]
        for width in configuration.hiddenSizes {
            body += [Linear(features, width, rng: &rng), ReLU()]
            features = width
        }
        return Sequential(groups: [LayerGroup(name: "body", layers: body),
                                   LayerGroup(name: "head", layers: [Linear(features, classes, rng: &rng)])])
    }
}

