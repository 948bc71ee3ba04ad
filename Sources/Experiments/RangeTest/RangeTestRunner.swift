import ArtifactSchema
import LRFinder
import Datasets
import NeuralNet
import Recorders
import TensorCore
import Training

/// Runs one LR range test end to end: builds the model and learner, attaches the recorders, runs
/// the test, writes the suggestions and analysis into `run.json` and marks them on `plot.svg`.
public enum RangeTestRunner {
    /// Runs `job` on `data`; a given `model` replaces the reference model `job.model` names.
    ///
    /// A failed fit is recorded in `run.json` as `failed` and its error rethrown. Once
    /// `InterruptHandler` caught Ctrl-C the test stops at the next batch and is recorded as
    /// `interrupted` and returned.
    public static func run(_ job: RangeTestJob, data: DataBundle, model given: Sequential? = nil,
                           extraCallbacks: [any Callback] = []) throws -> RangeTestRun {
        try job.validate()
        BLAS.setThreadCount(1)  // as the manifest records: parallelism comes from running tests side by side
        let model = try given ?? ModelFactory.make(named: job.model, seed: job.seed, classes: data.classes.count)
        let optimizer = job.optimizer.make(model: model, learningRate: job.settings.startLR)
        if let path = job.checkpoint {
            try CheckpointLoading.load(path, into: model, optimizer: optimizer, classes: data.classes)
        }
        let learner = Learner(model: model, lossFunction: CrossEntropyLoss(), optimizer: optimizer,
                              trainLoader: try data.trainLoader(batchSize: job.batchSize, seed: job.seed),
                              validLoader: data.valid.count > 0 ? try data.validLoader(batchSize: job.batchSize) : nil,
                              seed: job.seed)
        let info = runInfo(job, dataSettings: data.manifestSettings, data: data.manifestDescription)
        let directory = try RunDirectory.create(in: job.outputDirectory, id: info.runID)
        let recorders = Recorders.make(job.records, directory: directory, info: info)
        let test = try LRRangeTest(settings: job.settings)
        if job.settings.validationBatches != nil, let csv = recorders.csv {
            try csv.addColumn("valid_loss") { _ in test.currentValidLoss }
        }
        let drawsPlot = job.records.contains(.svg)
        let title = "LR range test: \(job.model), batch size \(job.batchSize), seed \(job.seed)"
        recorders.manifest.beforeFinalWrite.append { manifest, learner in
            let outcome = test.outcome ?? ongoingOutcome(of: learner)
            let findings = RangeTestFindings(points: test.points, numIterations: job.settings.totalBatches)
            manifest.record(findings)
            let status = RangeTestRun.status(outcome: outcome, points: test.points)
            manifest.finish(status, endedAt: manifest.endedAt ?? "", error: manifest.error)
            if drawsPlot {
                let chart = RangeTestPlot.chart(points: test.points, findings: findings, title: title)
                if let svg = try? chart.renderSVG() { try? directory.write(svg, to: RunFiles.plot) }
            }
        }
        let stoppers: [any Callback] = [InterruptCheck()]
        for callback in recorders.callbacks + stoppers + extraCallbacks { learner.add(callback) }
        let points = try test.run(on: learner)
        for callback in recorders.callbacks + stoppers + extraCallbacks { learner.remove(callback) }
        let outcome = test.outcome ?? .cancelled(reason: "unknown")
        let findings = RangeTestFindings(points: points, numIterations: job.settings.totalBatches)
        var verification: SuggestionVerification?
        if let steps = job.verifySteps, outcome.endedByOwnRules {
            verification = try SuggestionVerifier(steps: steps, optimizer: job.optimizer)
                .verify(findings.availableSuggestions.map { ($0.method.rawValue, $0.lr) }, learner: learner)
            try recorders.manifest.update { $0.verify = verification?.manifestMember }
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
        if let steps = job.verifySteps { settings["verifySteps"] = .number(Double(steps)) }
        return RunInfo(kind: .lrFind, model: job.model, commandLine: job.commandLine, data: data,
                       batchSize: job.batchSize, seed: job.seed, blasThreads: 1,
                       optimizer: job.optimizer.manifestDescription, schedule: job.settings.manifestSchedule,
                       settings: settings, group: job.group)
    }

    /// How the fit is ending, read from the learner before the test's own `afterFit` has run.
    private static func ongoingOutcome(of learner: Learner) -> RangeTestOutcome {
        if let failure = learner.failure { return .failed(String(describing: failure)) }
        if case .fit(let reason)? = learner.fitCancellation ?? learner.cancellation { return .cancelled(reason: reason) }
        return .cancelled(reason: "the data ran out")
    }
}
