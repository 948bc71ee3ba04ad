import LRFinder
import Datasets
import Recorders

/// Everything one LR range test run needs besides its data: model, batch size, seed, optimizer,
/// ladder, what to record and where.
public struct RangeTestJob: Codable, Sendable {
    /// A registered model's name (`mlp`, `cnn`, ...), built with `seed` for the data's shape.
    public var model: String
    /// The examples to train on.
    public var data: DataRequest
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
    /// Batches of training at each suggested learning rate for `--verify`; nil to skip.
    public var verifySteps: Int?

    public init(model: String, data: DataRequest = DataRequest(), batchSize: Int = 64, seed: UInt64 = 0, optimizer: OptimizerSettings = OptimizerSettings(),
                settings: RangeTestSettings = RangeTestSettings(), records: [String] = ["csv", "svg"],
                outputDirectory: String = "runs", commandLine: [String] = [], group: String? = nil,
                checkpoint: String? = nil, initialWeights: String? = nil, verifySteps: Int? = nil) {
        self.model = model
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

    /// Checks every setting, naming the flag of the first bad one, and that `registries` has
    /// the model and recorders named.
    public func validate(registries: Registries = .builtIn) throws {
        guard batchSize >= 1 else {
            throw RangeTestError.invalidSetting(flag: "--batch-size", value: "\(batchSize)",
                                                reason: "the batch size must be at least 1")
        }
        if let steps = verifySteps, steps < 1 {
            throw RangeTestError.invalidSetting(flag: "--verify-steps", value: "\(steps)",
                                                reason: "verification needs at least 1 training batch")
        }
        try settings.validate()
        try optimizer.validate()
        _ = try registries.models.builder(for: model)
        _ = try registries.recorders.parseSelection(records.isEmpty ? "none" : records.joined(separator: ","))
    }
}
