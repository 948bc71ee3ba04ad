import ArtifactSchema
import LRFinder
import Datasets
import NeuralNet
import Recorders
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
    }

    /// Fine-tunes the checkpoint `job.checkpoint` on `data`; the two fits form one run.
    public static func run(_ job: FitJob, settings: Settings, data loaded: DataBundle? = nil,
                           registries: Registries = .builtIn, extraCallbacks: [any Callback] = []) throws -> FitRun {
        try job.validate(registries: registries)
        guard job.checkpoint != nil || job.initialWeights != nil else {
            throw RangeTestError.invalidSetting(flag: "--from", value: "",
                                                reason: "fine-tuning needs a saved model (a checkpoint, or safetensors weights)")
        }
        guard settings.freezeEpochs >= 0 else {
            throw RangeTestError.invalidSetting(flag: "--freeze-epochs", value: "\(settings.freezeEpochs)",
                                                reason: "use 0 or more epochs")
        }
        guard settings.lrMult.isFinite, settings.lrMult >= 1 else {
            throw RangeTestError.invalidSetting(flag: "--lr-mult", value: "\(settings.lrMult)",
                                                reason: "the head/body ratio must be at least 1")
        }
        let data = try loaded ?? registries.dataSources.load(job.data)
        let model = try registries.makeModel(job.model, configuration: job.modelConfiguration, for: data, seed: job.seed)
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
                throw RangeTestError.mismatch("\(error); fine-tune a checkpoint of the same --model")
            }
        }
    }
}
