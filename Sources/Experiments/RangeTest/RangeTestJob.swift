import LRFinder
import Recorders

/// Everything one LR range test run needs besides its data: model, batch size, seed, optimizer,
/// ladder, what to record and where.
public struct RangeTestJob: Sendable {
    /// A reference model name (`mlp`, `cnn`); the model is built from it with `seed`.
    public var model: String
    public var batchSize: Int
    /// Seeds the model's initial weights, the batch order and the random stream.
    public var seed: UInt64
    public var optimizer: OptimizerSettings
    public var settings: RangeTestSettings
    /// The optional recorders; the manifest is always written.
    public var records: Set<RecorderKind>
    /// The folder the run's own folder is made in.
    public var outputDirectory: String
    public var commandLine: [String]
    /// The sweep this run belongs to.
    public var group: String?
    /// A checkpoint to load the model (and optimizer state, if saved) from before the test.
    public var checkpoint: String?
    /// Batches of training at each suggested learning rate for `--verify`; nil to skip.
    public var verifySteps: Int?

    public init(model: String, batchSize: Int = 64, seed: UInt64 = 0, optimizer: OptimizerSettings = OptimizerSettings(),
                settings: RangeTestSettings = RangeTestSettings(), records: Set<RecorderKind> = [.csv, .svg],
                outputDirectory: String = "runs", commandLine: [String] = [], group: String? = nil,
                checkpoint: String? = nil, verifySteps: Int? = nil) {
        self.model = model
        self.batchSize = batchSize
        self.seed = seed
        self.optimizer = optimizer
        self.settings = settings
        self.records = records
        self.outputDirectory = outputDirectory
        self.commandLine = commandLine
        self.group = group
        self.checkpoint = checkpoint
        self.verifySteps = verifySteps
    }

    /// Checks every setting, naming the flag of the first bad one.
    public func validate() throws {
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
        _ = try ModelFactory.reference(named: model)
    }
}
