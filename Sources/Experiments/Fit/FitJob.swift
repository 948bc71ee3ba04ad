import Datasets
import Recorders
import TensorCore

/// One training run as `train fit` and `train fine-tune` run it.
public struct FitJob: Codable, Sendable {
    /// A registered model's name, built with `seed` for the data's shape.
    public var model: String
    /// The model's settings as JSON (such as `{"widths": [32, 64]}`), nil for its defaults.
    public var modelConfiguration: String?
    /// The examples to train on.
    public var data: DataRequest
    public var epochs: Int
    /// The (head's) peak learning rate.
    public var learningRate: Double
    public var schedule: ScheduleChoice
    public var batchSize: Int
    public var seed: UInt64
    public var optimizer: OptimizerSettings
    /// The registered recorders to attach, by name; the manifest is always written.
    public var records: [String]
    public var outputDirectory: String
    public var commandLine: [String]
    /// A checkpoint to start from.
    /// A safetensors file of PyTorch-named weights to start from (`StateDict`).
    public var initialWeights: String?
    public var checkpoint: String?
    /// Where to save the trained model (with its optimizer state), if anywhere.
    public var save: String?
    /// Prints no progress bar and no per-epoch lines.
    public var quiet: Bool

    public init(model: String, modelConfiguration: String? = nil, data: DataRequest = DataRequest(), epochs: Int = 1, learningRate: Double = 3e-3, schedule: ScheduleChoice = .oneCycle,
                batchSize: Int = 64, seed: UInt64 = 0, optimizer: OptimizerSettings = OptimizerSettings(),
                records: [String] = ["csv", "svg"], outputDirectory: String = "runs", commandLine: [String] = [],
                checkpoint: String? = nil, initialWeights: String? = nil, save: String? = nil, quiet: Bool = false) {
        self.model = model
        self.modelConfiguration = modelConfiguration
        self.data = data
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
        self.initialWeights = initialWeights
        self.save = save
        self.quiet = quiet
    }

    /// Checks every setting, throwing a `SettingError` that names the first bad one, and that
    /// `registries` has the model, recorders and data source named.
    public func validate(registries: Registries = .builtIn) throws {
        guard epochs >= 1 else {
            throw SettingError(setting: "FitJob.epochs", value: "\(epochs)", reason: "train for at least 1 epoch")
        }
        guard learningRate.isFinite, learningRate > 0, learningRate <= 100 else {
            throw SettingError(setting: "FitJob.learningRate", value: "\(learningRate)",
                               reason: "the learning rate must be a positive number up to 100")
        }
        guard batchSize >= 1 else {
            throw SettingError(setting: "FitJob.batchSize", value: "\(batchSize)",
                               reason: "the batch size must be at least 1")
        }
        try optimizer.validate()
        try registries.validate(data: data, model: model, records: records)
    }
}
