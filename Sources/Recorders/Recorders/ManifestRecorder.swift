import ArtifactSchema
import Foundation
import TensorCore
import Training

/// Keeps `run.json` up to date: written as `running` when the fit begins, its summary
/// rewritten after every epoch and every `writeInterval` seconds, and its final status set when
/// the fit ends.
///
/// Other components add their results before the final write, either by changing `manifest`
/// and calling `write()` at any time, or through `beforeFinalWrite`, which runs inside
/// `afterFit`. A later fit with the same recorder continues the run (fine-tuning): the summary
/// counts on and the status goes back to `running` until that fit ends. Its order
/// (`CallbackOrder.manifest`) puts it after the other recorders and after every callback that can
/// end the fit, so the files they finish in `afterFit` exist when the manifest says the run is
/// complete, and the status is read from how the fit ended (`status(of:)`), never re-derived.
public final class ManifestRecorder: Callback {
    public let order = CallbackOrder.manifest
    /// The summary counts training batches only.
    public let runsDuringValidation = false
    public let directory: RunDirectory
    public let info: RunInfo
    /// The manifest as last written (or about to be).
    public var manifest: RunManifest
    /// Seconds between rewrites of the summary during an epoch.
    public var writeInterval: Double
    /// Changes to the manifest made in `afterFit`, just before the final write. When one throws,
    /// the run is written as `failed` with that error and the error is rethrown from `afterFit`
    /// (so `Learner.fit` throws it).
    public var beforeFinalWrite: [(inout RunManifest, Learner) throws -> Void] = []
    private let clock: () -> Date
    private var lastWriteSeconds = 0.0
    private var progress = RunProgress()

    /// A recorder for the run in `directory`; `clock` gives the wall-clock times it records.
    public init(directory: RunDirectory, info: RunInfo, writeInterval: Double = 2,
                clock: @escaping () -> Date = Date.init) {
        self.directory = directory
        self.info = info
        self.writeInterval = writeInterval
        self.clock = clock
        manifest = Self.startingManifest(id: directory.id, info: info, startedAt: clock())
    }

    /// The manifest of the run `id` before its first fit: status `running`, nothing done yet.
    public static func startingManifest(id: String, info: RunInfo, startedAt: Date = Date()) -> RunManifest {
        var manifest = RunManifest(
            id: id, kind: info.kind, lrlabVersion: info.lrlabVersion, commandLine: info.commandLine,
            startedAt: Self.timestamp(startedAt), model: RunManifest.Model(name: info.model, parameterCount: 0, groups: []),
            data: info.data, batchSize: info.batchSize, seed: info.seed, blasThreads: info.blasThreads,
            optimizer: info.optimizer, schedule: info.schedule, group: info.group)
        manifest.settings = info.settings
        manifest.environment = Self.environment(lrlabVersion: info.lrlabVersion)
        manifest.status = .running
        manifest.complete = false
        return manifest
    }

    /// This process's machine and software, as run.json records them.
    static func environment(lrlabVersion: String) -> RunManifest.Environment {
        let machine = MachineEnvironment.current
        var environment = RunManifest.Environment()
        environment.blasLibrary = machine.blasLibrary
        environment.blasConfig = machine.blasConfig
        environment.blasKernel = machine.blasKernel
        environment.blasThreads = machine.blasThreads
        environment.cpuModel = machine.cpuModel
        environment.cpuFeatures = machine.cpuFeatures
        environment.lrlabVersion = lrlabVersion
        environment.lrlabCommit = machine.lrlabCommit
        environment.operatingSystem = machine.operatingSystem
        environment.convolution = machine.convolution
        environment.normalization = machine.normalization
        let mode = ReproducibleMode.current
        environment.reproducible = mode.isPinned
        environment.reproducibleNote = mode.note
        return environment
    }

    /// Atomically rewrites `run.json` from `manifest`.
    public func write() throws {
        try directory.write(try manifest.jsonText(), to: RunFiles.manifest)
    }

    /// Changes the manifest and rewrites `run.json`.
    public func update(_ change: (inout RunManifest) -> Void) throws {
        change(&manifest)
        try write()
    }

    public func beforeFit(_ learner: Learner) throws {
        if progress.isFirstFit {
            manifest.startedAt = Self.timestamp(clock())
            manifest.summary = RunManifest.Summary()
        }
        progress.beginFit()
        manifest.endedAt = nil
        manifest.status = .running
        manifest.complete = false
        manifest.error = nil
        manifest.model = Self.describe(learner.model, name: info.model)
        manifest.data = Self.describeData(info.data, learner: learner)
        lastWriteSeconds = 0
        try write()
    }

    public func afterLoss(_ learner: Learner) throws {
        guard learner.isTraining else { return }
        manifest.summary.iterations = progress.iteration(learner) + 1
        let smooth = Double(shortestDecimal: learner.smoothLoss)
        manifest.summary.finalLoss = smooth
        if !smooth.isNaN, smooth < (manifest.summary.bestLoss ?? .infinity) { manifest.summary.bestLoss = smooth }
    }

    public func afterBatch(_ learner: Learner) throws {
        guard learner.isTraining else { return }
        let now = learner.elapsedSeconds
        if now - lastWriteSeconds >= writeInterval {
            refreshTimeAndValidation(learner)
            lastWriteSeconds = now
            try write()
        }
    }

    public func afterEpoch(_ learner: Learner) throws {
        manifest.summary.epochs += 1
        refreshTimeAndValidation(learner)
        lastWriteSeconds = learner.elapsedSeconds
        try write()
    }

    public func afterFit(_ learner: Learner) throws {
        refreshTimeAndValidation(learner)
        let (status, error) = Self.status(of: learner)
        let endedAt = Self.timestamp(clock())
        manifest.finish(status, endedAt: endedAt, error: error)
        progress.endFit(learner)
        do {
            for change in beforeFinalWrite { try change(&manifest, learner) }
        } catch {
            manifest.finish(.failed, endedAt: endedAt, error: String(describing: error))
            do { try write() } catch let writeError { throw FitFailure(errors: [error, writeError]) }
            throw error
        }
        try write()
    }

    private func refreshTimeAndValidation(_ learner: Learner) {
        manifest.summary.seconds = (progress.seconds(learner) * 1000).rounded() / 1000
        if let validation = learner.validation {
            manifest.summary.validLoss = Double(shortestDecimal: validation.loss)
            manifest.summary.accuracy = validation.accuracy.map(Double.init(shortestDecimal:))
            manifest.summary.errorRate = validation.errorRate.map(Double.init(shortestDecimal:))
        }
    }
}

extension RunDirectory {
    /// Creates the folder of the run `info` (`<out>/<run id>/`) with a `running` run.json already
    /// in it (see `create(in:id:collision:writer:firstFile:)`), so a run killed at any moment
    /// leaves a folder that says it is unfinished.
    public static func create(in out: String, run info: RunInfo, collision: CollisionPolicy = .suffix,
                              writer: ArtifactWriter = ArtifactWriter()) throws -> RunDirectory {
        try create(in: out, id: info.runID, collision: collision, writer: writer) { id in
            (RunFiles.manifest, try ManifestRecorder.startingManifest(id: id, info: info).jsonText())
        }
    }
}
