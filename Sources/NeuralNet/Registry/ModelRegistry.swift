import TensorCore

/// The models a command line can build, by name (`--model`).
///
/// Later registrations take precedence: registering a builder under a built-in's name replaces
/// it, and a builder that accepts paths is asked before the ones registered earlier.
public struct ModelRegistry: Sendable {
    /// The builders in the order they were registered.
    public private(set) var builders: [any ModelBuilder]

    public init(_ builders: [any ModelBuilder] = []) {
        self.builders = []
        for builder in builders { register(builder) }
    }

    /// LRLab's own models: `mlp`, `cnn` and `resnet`, each built for the data's shape, and model
    /// files (`ModelFileBuilder`: paths ending in `.yaml` or `.yml`).
    public static var builtIn: ModelRegistry {
        ModelRegistry([
            BuiltInModelBuilder<MLPModel>(summary: "Flatten, Linear layers with ReLU (hiddenSizes, default [256]) | Linear to the classes"),
            BuiltInModelBuilder<CNNModel>(summary: "3x3 conv + ReLU + 2x2 max-pool stages (widths, default [16, 32]) | Linear to the classes"),
            BuiltInModelBuilder<ResNetModel>(summary: "a small residual network for 32-64 px images: stem, stages of basic blocks "
                                             + "(stemWidth, widths, blocksPerStage), global average pool | Linear"),
            ModelFileBuilder(),
        ])
    }

    /// Adds `builder`, replacing one of the same name.
    public mutating func register(_ builder: any ModelBuilder) {
        builders.removeAll { $0.name == builder.name }
        builders.append(builder)
    }

    /// The registered names, in registration order.
    public var names: [String] { builders.map(\.name) }

    /// The builder that accepts `reference`: the one of that name, else the latest registered
    /// that accepts it.
    /// - Throws: `UnknownExtensionError` listing the registered names.
    public func builder(for reference: String) throws -> any ModelBuilder {
        if let named = builders.last(where: { $0.name == reference }) { return named }
        if let accepting = builders.last(where: { $0.accepts(reference) }) { return accepting }
        throw UnknownExtensionError(kind: "model", name: reference, known: names)
    }

    /// A freshly initialised model named by `reference` for `input`.
    public func makeModel(_ reference: String, configuration: String? = nil, for input: ModelInput,
                          seed: UInt64) throws -> Sequential {
        try builder(for: reference).makeModel(reference, configuration: configuration, for: input, seed: seed)
    }
}
