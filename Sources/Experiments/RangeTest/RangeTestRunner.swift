import ArtifactSchema
import LRFinder
import Datasets
import NeuralNet
import Recorders
import TensorCore
import Training

/// Runs one LR range test end to end: builds the model and learner, attaches the recorders, runs
/// the test, writes the suggestions and analysis into `run.json` and marks them on `plot.svg`.
///
/// Each file keeps one writer: the SVG recorder draws `plot.svg` with the chart this runner gives
/// it (`RangeTestPlot`, with the suggestion markers), the manifest recorder writes `run.json`
/// with the findings this runner adds before its final write. The run's status comes from how
/// the test's cancellation says it ended (see `LRRangeTest`), not from this runner.
public enum RangeTestRunner {
    /// Runs `job` on `data` (loaded from `job.data` when nil); a given `model` replaces the one
    /// `job.model` names.
    ///
    /// The run's folder is `<job.outputDirectory>/<run id>`. When that folder exists, a lone
    /// run writes `<run id>-2` (never touching the earlier run), while a run of a sweep (`group`
    /// set) empties it and runs again in place: the sweep only hands over runs that are not
    /// completed yet.
    ///
    /// A failed fit is recorded in `run.json` as `failed` and its error rethrown. Once
    /// `InterruptHandler` caught Ctrl-C the test stops at the next batch and is recorded as
    /// `interrupted` and returned.
    public static func run(_ job: RangeTestJob, data loaded: DataBundle? = nil, registries: Registries = .builtIn,
                           model given: Sequential? = nil, extraCallbacks: [any Callback] = []) throws -> RangeTestRun {
        try job.validate(registries: registries)
        BLAS.setThreadCount(1)  // as the manifest records: parallelism comes from running tests side by side
        let data = try loaded ?? registries.dataSources.load(job.data)
        let model = try given ?? registries.makeModel(job.model, configuration: job.modelConfiguration, for: data,
                                                         seed: job.seed)
        let optimizer = job.optimizer.make(model: model, learningRate: job.settings.startLR)
        try job.settings.validate(parameterGroups: optimizer.groups.count)
        if let path = job.initialWeights { try InitialWeights.load(path, into: model) }
        if let path = job.checkpoint {
            try CheckpointLoading.load(path, into: model, optimizer: optimizer, classes: data.classes)
        }
        // The data against the settings, once the settings themselves are known to be good.
        try data.checkFits(batchSize: job.batchSize, batchSizeSetting: "RangeTestJob.batchSize", request: job.data)
        let learner = Learner(model: model, lossFunction: CrossEntropyLoss(), optimizer: optimizer,
                              trainLoader: try data.trainLoader(batchSize: job.batchSize, seed: job.seed, shuffle: job.shuffle),
                              validLoader: data.valid.count > 0 ? try data.validLoader(batchSize: job.batchSize) : nil,
                              seed: job.seed)
        let info = runInfo(job, dataSettings: data.manifestSettings, data: data.manifestDescription)
        // A sweep's run is redone in place (the sweep skips completed ones); a lone run never
        // replaces an earlier one.
        let directory = try RunDirectory.create(in: job.outputDirectory, run: info,
                                                collision: job.group == nil ? .suffix : .restart)
        let recorders = try registries.recorders.makeRecorders(job.records,
                                                               for: RecorderContext(directory: directory, info: info))
        let test = try LRRangeTest(settings: job.settings)
        if job.settings.validationBatches != nil, let csv = recorders.first(CSVRecorder.self) {
            try csv.addColumn("valid_loss") { _ in test.currentValidLoss }
        }
        let title = "LR range test: \(job.model), batch size \(job.batchSize), seed \(job.seed)"
        let totalBatches = job.settings.totalBatches
        recorders.first(SVGPlotRecorder.self)?.chartProvider = { _ in
            RangeTestPlot.chart(points: test.points, findings: RangeTestFindings(points: test.points, numIterations: totalBatches),
                                title: title)
        }
        recorders.manifest.beforeFinalWrite.append { manifest, _ in
            manifest.record(RangeTestFindings(points: test.points, numIterations: totalBatches))
        }
        let stoppers: [any Callback] = [InterruptCheck()]
        for callback in recorders.callbacks + stoppers + extraCallbacks { learner.add(callback) }
        let points: [RangeTestPoint]
        do {
            points = try test.run(on: learner)
        } catch {
            // The fit's error is the one to report; the failed status is already in run.json.
            for recorder in recorders.outcomeRecorders { try? recorder.recordRunEnd(status: .failed) }
            throw error
        }
        for callback in recorders.callbacks + stoppers + extraCallbacks { learner.remove(callback) }
        let outcome = test.outcome ?? .dataRanOut(afterBatches: points.count)
        let findings = RangeTestFindings(points: points, numIterations: job.settings.totalBatches)
        var verification: SuggestionVerification?
        if let steps = job.verifySteps, outcome.endedByOwnRules {
            verification = try SuggestionVerifier(steps: steps, optimizer: job.optimizer)
                .verify(findings.availableSuggestions.map { ($0.method.rawValue, $0.lr) }, learner: learner)
            try recorders.manifest.update { $0.verify = verification?.manifestMember }
        }
        if let stability = job.stability, outcome.endedByOwnRules,
           let spread = try RangeTestStability.measure(stability, rangeTest: job.settings, seed: job.seed,
                                                       learner: learner, model: model, baseline: findings) {
            try recorders.manifest.update { $0.stability = spread }
        }
        for recorder in recorders.outcomeRecorders {
            try recorder.recordRangeTestResults(findings.suggestions, analysis: findings.summary)
            try recorder.recordRunEnd(status: recorders.manifest.manifest.status)
        }
        return RangeTestRun(id: directory.id, directory: directory.path, batchSize: job.batchSize, seed: job.seed,
                            status: recorders.manifest.manifest.status, outcome: outcome, points: points,
                            findings: findings, verification: verification)
    }

    /// The manifest settings of `job` on `data`; their hash names the run.
    static func runInfo(_ job: RangeTestJob, dataSettings: [String: JSONValue],
                        data: RunManifest.DataDescription? = nil) -> RunInfo {
        var settings = job.settings.manifestSettings.merging(dataSettings) { a, _ in a }
        if let path = job.checkpoint { settings["from"] = .string(path) }
        if let path = job.initialWeights { settings["initFrom"] = .string(path) }
        if let configuration = job.modelConfiguration { settings["modelConfiguration"] = .string(configuration) }
        if !job.shuffle { settings["shuffle"] = .bool(false) }
        if let steps = job.verifySteps { settings["verifySteps"] = .number(Double(steps)) }
        if let stability = job.stability {
            settings["stability"] = ["reruns": .number(Double(stability.reruns)), "ulps": .number(Double(stability.ulps))]
        }
        return RunInfo(kind: .lrFind, model: job.model, commandLine: job.commandLine, data: data,
                       batchSize: job.batchSize, seed: job.seed, blasThreads: 1,
                       optimizer: job.optimizer.manifestDescription, schedule: job.settings.manifestSchedule,
                       settings: settings, group: job.group)
    }

}
