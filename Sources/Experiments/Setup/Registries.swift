import Datasets
import NeuralNet
import Recorders
import Training

/// Every extension point of LRLab's experiments: where data comes from, which models can be
/// built and what runs record.
///
/// Start from `builtIn` and register your own entries before running jobs, or hand the value
/// to `TrainCommandLine.main(registries:)` to get the whole `train` command line with them.
public struct Registries: Sendable {
    /// Where examples come from: `DataRequest.source` and `--data`/`--data-source` pick from these.
    public var dataSources: DataSourceRegistry
    /// The models jobs name (`--model`), built for the data's example shape and classes.
    public var models: ModelRegistry
    /// The recorders jobs name (`--record`); every run also writes `run.json`.
    public var recorders: RecorderRegistry
    /// Extra callbacks selected by name (`--callbacks`), a new one per run.
    public var callbacks: CallbackRegistry

    public init(dataSources: DataSourceRegistry, models: ModelRegistry, recorders: RecorderRegistry,
                callbacks: CallbackRegistry = CallbackRegistry()) {
        self.dataSources = dataSources
        self.models = models
        self.recorders = recorders
        self.callbacks = callbacks
    }

    /// LRLab's own data sources, models and recorders (and no extra callbacks).
    public static var builtIn: Registries {
        Registries(dataSources: .builtIn, models: .builtIn, recorders: .builtIn)
    }

    /// A fresh model named by `reference`, shaped for `data`'s examples and classes.
    public func makeModel(_ reference: String, configuration: String? = nil, for data: DataBundle,
                          seed: UInt64) throws -> Sequential {
        try models.makeModel(reference, configuration: configuration, for: data.modelInput, seed: seed)
    }
}

extension DataBundle {
    /// What a model for these examples is built for.
    public var modelInput: ModelInput {
        ModelInput(exampleShape: train.exampleShape, classes: classes.count)
    }
}
