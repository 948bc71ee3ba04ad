import LRFinder
import Datasets
import Recorders
import TensorCore

/// Everything one LR range test run needs besides its data: model, batch size, seed, optimizer,
/// ladder, what to record and where.
public struct RangeTestJob: Codable, Sendable {
    /// A registered model's name (`mlp`, `cnn`, ...), built with `seed` for the data's shape.
    public var model: String
    /// The model's settings as JSON (such as `{"widths": [32, 64]}`), nil for its defaults.
    public var modelConfiguration: String?
    /// The examples to train on.
    public var data: DataRequest
    /// Whether training batches are drawn in a new random order every epoch (from `seed`);
    /// false keeps the data's own order, to replay the batches another tool saw.
    public var shuffle = true
    public var batchSize: Int
    /// Seeds the model's initial weights, the batch order and the random stream.
    public var seed: UInt64
    public var optimizer: OptimizerSettings
    public var settings: RangeTestSettings
    /// The registered recorders to attach, by name; the manifest is always written.
    public var records: [String]
    /// The folder the run's own folder is made in.
    public var outputDirectory: String
    public var commandLine: [String]
    /// The sweep this run belongs to; a run of a sweep is redone in its existing folder
    /// rather than next to it (see `RangeTestRunner.run`).
    public var group: String?
    /// A checkpoint to load the model (and optimizer state, if saved) from before the test.
    /// A safetensors file of PyTorch-named weights to start from (`StateDict`).
    public var initialWeights: String?
    public var checkpoint: String?
    /// Batches of training at each suggested learning rate, to verify the suggestions; nil to skip.
    public var verifySteps: Int?
    /// Re-runs with nudged initial weights to measure how far the suggestions move
    /// (`RangeTestStability`); nil to skip.
    public var stability: StabilitySettings?

    public init(model: String, modelConfiguration: String? = nil, data: DataRequest = DataRequest(), batchSize: Int = 64, seed: UInt64 = 0, optimizer: OptimizerSettings = OptimizerSettings(),
                settings: RangeTestSettings = RangeTestSettings(), records: [String] = ["csv", "svg"],
                outputDirectory: String = "runs", commandLine: [String] = [], group: String? = nil,
                checkpoint: String? = nil, initialWeights: String? = nil, verifySteps: Int? = nil) {
        self.model = model
        self.modelConfiguration = modelConfiguration
        self.data = data
        self.batchSize = batchSize
        self.seed = seed
        self.optimizer = optimizer
        self.settings = settings
        self.records = records
        self.outputDirectory = outputDirectory
        self.commandLine = commandLine
        self.group = group
        self.checkpoint = checkpoint
        self.initialWeights = initialWeights
        self.verifySteps = verifySteps
    }

    /// Checks every setting, throwing a `SettingError` that names the first bad one, and that
    /// `registries` has the model, recorders and data source named.
    public func validate(registries: Registries = .builtIn) throws {
        guard batchSize >= 1 else {
            throw SettingError(setting: "RangeTestJob.batchSize", value: "\(batchSize)",
                               reason: "the batch size must be at least 1")
        }
        if let steps = verifySteps, steps < 1 {
            throw SettingError(setting: "RangeTestJob.verifySteps", value: "\(steps)",
                               reason: "verification needs at least 1 training batch")
        }
        try settings.validate()
        try stability?.validate()
        try optimizer.validate()
        try registries.validate(data: data, model: model, records: records)
        if data.validationFraction == 0 {
            if let batches = settings.validationBatches {
                throw SettingError(setting: "RangeTestSettings.validationBatches", value: "\(batches)",
                                   reason: "validation mode needs validation data: hold out some examples "
                                       + "(`DataRequest.validationFraction` above 0)")
            }
            if let steps = verifySteps {
                throw SettingError(setting: "RangeTestJob.verifySteps", value: "\(steps)",
                                   reason: "verifying the suggestions needs validation data: hold out some examples "
                                       + "(`DataRequest.validationFraction` above 0)")
            }
        }
    }
}
