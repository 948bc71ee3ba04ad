import LRFinder
import Recorders

/// One training run as `train fit` and `train fine-tune` run it.
public struct FitJob: Sendable {
    public var model: String
    public var epochs: Int
    /// The (head's) peak learning rate.
    public var learningRate: Double
    public var schedule: ScheduleChoice
    public var batchSize: Int
    public var seed: UInt64
    public var optimizer: OptimizerSettings
    public var records: Set<RecorderKind>
    public var outputDirectory: String
    public var commandLine: [String]
    /// A checkpoint to start from.
    public var checkpoint: String?
    /// Where to save the trained model (with its optimizer state), if anywhere.
    public var save: String?
    /// Prints no progress bar and no per-epoch lines.
    public var quiet: Bool

    public init(model: String, epochs: Int = 1, learningRate: Double = 3e-3, schedule: ScheduleChoice = .oneCycle,
                batchSize: Int = 64, seed: UInt64 = 0, optimizer: OptimizerSettings = OptimizerSettings(),
                records: Set<RecorderKind> = [.csv, .svg], outputDirectory: String = "runs", commandLine: [String] = [],
                checkpoint: String? = nil, save: String? = nil, quiet: Bool = false) {
        self.model = model
        self.epochs = epochs
        self.learningRate = learningRate
        self.schedule = schedule
        self.batchSize = batchSize
        self.seed = seed
        self.optimizer = optimizer
        self.records = records
        self.outputDirectory = outputDirectory
        self.commandLine = commandLine
        self.checkpoint = checkpoint
        self.save = save
        self.quiet = quiet
    }

    /// Checks every setting, naming the flag of the first bad one.
    public func validate() throws {
        guard epochs >= 1 else {
            throw RangeTestError.invalidSetting(flag: "--epochs", value: "\(epochs)", reason: "train for at least 1 epoch")
        }
        guard learningRate.isFinite, learningRate > 0, learningRate <= 100 else {
            throw RangeTestError.invalidSetting(flag: "--lr", value: "\(learningRate)",
                                                reason: "the learning rate must be a positive number up to 100")
        }
        guard batchSize >= 1 else {
            throw RangeTestError.invalidSetting(flag: "--batch-size", value: "\(batchSize)",
                                                reason: "the batch size must be at least 1")
        }
        try optimizer.validate()
        _ = try ModelFactory.reference(named: model)
    }
}
