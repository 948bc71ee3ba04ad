import ArtifactSchema
import Datasets
import NeuralNet
import Recorders
import TensorCore
import Training

/// fastai's `fine_tune` on a saved model: freeze the body and train the head with one cycle
/// (pct_start 0.99), then halve the base rate, unfreeze, and train every group with one cycle
/// (pct_start 0.3, div 5) at rates spread geometrically from `lr / lrMult` (body) to `lr` (head).
///
/// When the checkpoint was saved for other classes, only its body is loaded and the head starts
/// fresh (`CheckpointLoading`).
public enum FineTuner {
    /// The settings that are not in `FitJob`.
    public struct Settings: Codable, Sendable {
        public var freezeEpochs: Int
        public var lrMult: Double

        public init(freezeEpochs: Int = 1, lrMult: Double = 100) {
            self.freezeEpochs = freezeEpochs
            self.lrMult = lrMult
        }

        /// Checks both values, naming the first bad one.
        public func validate() throws {
            guard freezeEpochs >= 0 else {
                throw SettingError(setting: "FineTuner.Settings.freezeEpochs", value: "\(freezeEpochs)",
                                   reason: "use 0 or more epochs")
            }
            guard lrMult.isFinite, lrMult >= 1 else {
                throw SettingError(setting: "FineTuner.Settings.lrMult", value: "\(lrMult)",
                                   reason: "the head/body ratio must be a number of at least 1")
            }
        }
    }

    /// Checks `job` and `settings` as `run` does before any work: the job's own settings, a
    /// saved model to start from, and the fine-tuning settings.
    public static func validate(_ job: FitJob, settings: Settings, registries: Registries = .builtIn) throws {
        try job.validate(registries: registries)
        guard job.checkpoint != nil || job.initialWeights != nil else {
            throw SettingError(setting: "FitJob.checkpoint", value: nil,
                               reason: "fine-tuning needs a saved model: a checkpoint (`FitJob.checkpoint`) or "
                                   + "safetensors weights (`FitJob.initialWeights`)")
        }
        try settings.validate()
    }

    /// Fine-tunes the checkpoint `job.checkpoint` on `data`; the two fits form one run.
    public static func run(_ job: FitJob, settings: Settings, data loaded: DataBundle? = nil,
                           registries: Registries = .builtIn, extraCallbacks: [any Callback] = []) throws -> FitRun {
        try validate(job, settings: settings, registries: registries)
        let data = try loaded ?? registries.dataSources.load(job.data)
        let model = try registries.makeModel(job.model, configuration: job.modelConfiguration, for: data, seed: job.seed)
        let modelFileText = CheckpointLoading.modelFileText(of: job.model, models: registries.models)
        if let path = job.initialWeights { try InitialWeights.load(path, into: model, keepingHeadOnMismatch: true) }
        if let path = job.checkpoint { try loadKeepingBody(path, into: model, classes: data.classes) }
        let optimizer = job.optimizer.make(model: model, learningRate: job.learningRate)
        let session = try TrainingSession(
            job: job, kind: .fineTune, data: data, registries: registries, model: model, optimizer: optimizer,
            settings: ["epochs": .number(Double(job.epochs)), "freezeEpochs": .number(Double(settings.freezeEpochs)),
                       "lrMult": .number(settings.lrMult)], extraCallbacks: extraCallbacks)
        let groupCount = model.groups.count
        if settings.freezeEpochs > 0 {
            for group in model.groups.dropLast() { group.isFrozen = true }
            let frozenRates = try LearningRateSpread.headAndBody(high: job.learningRate, groups: groupCount)
            try session.fit(epochs: settings.freezeEpochs,
                            scheduler: try .oneCycle(maxLearningRates: frozenRates, pctStart: 0.99))
            for group in model.groups { group.isFrozen = false }
        }
        let baseLR = job.learningRate / 2
        let rates = try LearningRateSpread.geometric(low: baseLR / settings.lrMult, high: baseLR, groups: groupCount)
        if !session.stoppedEarly {
            try session.fit(epochs: job.epochs, scheduler: try .oneCycle(maxLearningRates: rates, pctStart: 0.3, div: 5))
        }
        return try session.finish(save: job.save, classes: data.classes, exampleShape: data.modelInput.exampleShape,
                                  modelFileText: modelFileText,
                                  groupLearningRates: rates)
    }

    /// Loads the checkpoint at `path`; one without a class list whose head has another size
    /// gives its body only.
    private static func loadKeepingBody(_ path: String, into model: Sequential, classes: [Int]) throws {
        do {
            try CheckpointLoading.load(path, into: model, optimizer: nil, classes: classes)
        } catch {
            let body = model.groups.dropLast().map(\.name)
            do { try Checkpoint.load(from: path).restore(into: model, onlyGroups: body) } catch {
                throw ExperimentError.checkpointMismatch(
                    problem: "\(error)", fix: "fine-tune a checkpoint of the same model (`model`)")
            }
        }
    }
}
