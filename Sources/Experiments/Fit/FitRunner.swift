import ArtifactSchema
import LRFinder
import Datasets
import NeuralNet
import Recorders
import TensorCore
import Training

/// The result of `train fit` or `train fine-tune`.
public struct FitRun: Sendable {
    public let id: String
    public let directory: String
    public let status: RunStatus
    /// The last validation pass, if there was one.
    public let validation: ValidationMetrics?
    /// The learning rate each parameter group trained at (the schedule's peak), body first.
    public let groupLearningRates: [Double]
}

/// Trains a reference model with a schedule (`train fit`).
public enum FitRunner {
    /// Trains `job` on `data` (loaded from `job.data` when nil), records the run and saves the
    /// model when asked.
    public static func run(_ job: FitJob, data loaded: DataBundle? = nil, registries: Registries = .builtIn,
                           extraCallbacks: [any Callback] = []) throws -> FitRun {
        try job.validate(registries: registries)
        BLAS.setThreadCount(1)  // as the manifest records: parallelism comes from running tests side by side
        let data = try loaded ?? registries.dataSources.load(job.data)
        let model = try registries.makeModel(job.model, configuration: job.modelConfiguration, for: data, seed: job.seed)
        let modelFileText = CheckpointLoading.modelFileText(of: job.model, models: registries.models)
        let optimizer = job.optimizer.make(model: model, learningRate: job.learningRate)
        if let path = job.initialWeights { try InitialWeights.load(path, into: model) }
        if let path = job.checkpoint {
            try CheckpointLoading.load(path, into: model, optimizer: optimizer, classes: data.classes)
        }
        let rates = Array(repeating: job.learningRate, count: model.groups.count)
        let session = try TrainingSession(job: job, kind: .fit, data: data, registries: registries, model: model,
                                          optimizer: optimizer,
                                          settings: ["epochs": .number(Double(job.epochs))], extraCallbacks: extraCallbacks)
        let scheduler = try job.schedule.scheduler(learningRates: rates,
                                                   iterationsPerEpoch: session.learner.iterationsPerEpoch)
        try session.fit(epochs: job.epochs, scheduler: scheduler)
        return try session.finish(save: job.save, classes: data.classes, exampleShape: data.modelInput.exampleShape,
                                  modelFileText: modelFileText,
                                  groupLearningRates: rates)
    }
}

/// A learner with its recorders and console callbacks, shared by the fits of one run.
final class TrainingSession {
    let job: FitJob
    let learner: Learner
    let recorders: RecorderSet

    init(job: FitJob, kind: RunKind, data: DataBundle, registries: Registries, model: Sequential, optimizer: any Optimizer,
         settings: [String: JSONValue], extraCallbacks: [any Callback]) throws {
        self.job = job
        try data.checkFits(batchSize: job.batchSize, batchSizeSetting: "FitJob.batchSize", request: job.data)
        learner = Learner(model: model, lossFunction: CrossEntropyLoss(), optimizer: optimizer,
                          trainLoader: try data.trainLoader(batchSize: job.batchSize, seed: job.seed, shuffle: job.shuffle),
                          validLoader: data.valid.count > 0 ? try data.validLoader(batchSize: job.batchSize) : nil,
                          seed: job.seed)
        var allSettings = settings.merging(data.manifestSettings) { a, _ in a }
        if let path = job.checkpoint { allSettings["from"] = .string(path) }
        if let path = job.initialWeights { allSettings["initFrom"] = .string(path) }
        if let configuration = job.modelConfiguration { allSettings["modelConfiguration"] = .string(configuration) }
        if !job.shuffle { allSettings["shuffle"] = .bool(false) }
        let info = RunInfo(kind: kind, model: job.model, commandLine: job.commandLine, data: data.manifestDescription,
                           batchSize: job.batchSize, seed: job.seed, blasThreads: 1,
                           optimizer: job.optimizer.manifestDescription,
                           schedule: job.schedule.manifestDescription(learningRate: job.learningRate),
                           settings: allSettings)
        let directory = try RunDirectory.create(in: job.outputDirectory, run: info)
        recorders = try registries.recorders.makeRecorders(job.records, for: RecorderContext(directory: directory, info: info))
        let console: [any Callback] = [ProgressBar(quiet: job.quiet), MetricsPrinter(quiet: job.quiet)]
        for callback in recorders.callbacks + console + extraCallbacks + [InterruptCheck(), TerminateOnNonFinite()] {
            learner.add(callback)
        }
    }

    /// One fit with `scheduler` (replacing the previous fit's).
    func fit(epochs: Int, scheduler: ParameterScheduler) throws {
        if let old = learner.callback(ofType: ParameterScheduler.self) { learner.remove(old) }
        learner.add(scheduler)
        do {
            try learner.fit(epochs: epochs)
        } catch {
            // The fit's error is the one to report; the failed status is already in run.json.
            for recorder in recorders.outcomeRecorders { try? recorder.recordRunEnd(status: .failed) }
            throw error
        }
    }

    /// Whether the last fit ended early (diverged, interrupted, cancelled).
    var stoppedEarly: Bool { learner.fitCancellation != nil }

    /// Saves the model when asked and returns the run's result.
    func finish(save path: String?, classes: [Int], exampleShape: [Int], modelFileText: String?,
                groupLearningRates: [Double]) throws -> FitRun {
        if let path, !stoppedEarly {
            try Checkpoint.save(model: learner.model, optimizer: learner.optimizer, randomGenerator: learner.context.rng,
                                metadata: CheckpointLoading.metadata(model: job.model, configuration: job.modelConfiguration,
                                                           classes: classes, exampleShape: exampleShape,
                                                           modelFileText: modelFileText),
                                to: path)
        }
        let manifest = recorders.manifest
        for recorder in recorders.outcomeRecorders { try recorder.recordRunEnd(status: manifest.manifest.status) }
        return FitRun(id: manifest.directory.id, directory: manifest.directory.path, status: manifest.manifest.status,
                      validation: learner.validation, groupLearningRates: groupLearningRates)
    }
}
