import ArtifactSchema
import Foundation
import LRLabTestSupport
import Training
@testable import Recorders

/// `TinyProblem`'s regression fit (16 training and 8 validation examples in batches of 4; one
/// parameter group at 0.05, or with `twoGroups` the body at 0.01 and the head at 0.05) with
/// recorders writing into a fresh temporary folder.
final class TinyRun {
    let out: String
    let directory: RunDirectory
    let recorders: RecorderSet
    let learner: Learner

    static let fixedDate = Date(timeIntervalSince1970: 1_795_000_000)

    init(out: String, kind: RunKind = .fit, record: Set<String> = ["csv", "json"], twoGroups: Bool = false,
         validation: Bool = true, callbacks: [any Callback] = [], eventFilter: EventFilter = .all,
         includesElapsed: Bool = true) throws {
        self.out = out
        let info = RunInfo(kind: kind, model: "tiny-mlp", commandLine: ["train", "fit", "--model", "tiny-mlp"],
                           batchSize: 4, seed: 7, optimizer: ["kind": "sgd", "momentum": 0],
                           schedule: ["kind": "constant", "lr": 0.05])
        directory = try RunDirectory.create(in: out, id: info.runID)
        var selected: [any Callback] = []
        if record.contains("csv") { selected.append(CSVRecorder(directory: directory, writesEpochs: kind != .lrFind)) }
        if record.contains("json") {
            selected.append(JSONEventRecorder(directory: directory, filter: eventFilter, includesElapsed: includesElapsed))
        }
        if record.contains("svg") {
            selected.append(SVGPlotRecorder(directory: directory, style: kind == .lrFind ? .lossAgainstLR : .lossAgainstIteration))
        }
        recorders = RecorderSet(manifest: ManifestRecorder(directory: directory, info: info, clock: { TinyRun.fixedDate }),
                                recorders: selected)
        learner = TinyProblem.learner(trainBatches: 4, validBatches: validation ? 2 : 0, seed: 7, lr: 0.05,
                                      bodyLR: twoGroups ? 0.01 : nil, singleGroup: !twoGroups,
                                      callbacks: recorders.callbacks + callbacks)
    }

    func text(_ file: String) throws -> String {
        try String(contentsOfFile: directory.path(for: file), encoding: .utf8)
    }

    func manifest() throws -> RunManifest {
        try RunManifest.decode(from: Data(contentsOf: URL(fileURLWithPath: directory.path(for: "run.json"))))
    }

    /// A new empty folder under the system's temporary folder.
    static func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "recorders-tests-" + UUID().uuidString.lowercased()
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// Throws `error` in `afterBatch` once the learner has reached `iteration` (counted from 0).
final class ThrowAtIteration: Callback {
    let order = 10
    let iteration: Int
    let error: any Error

    init(_ iteration: Int, _ error: any Error) {
        self.iteration = iteration
        self.error = error
    }

    func afterBatch(_ learner: Learner) throws {
        if learner.isTraining && learner.iteration == iteration { throw error }
    }
}

/// Multiplies the learning rate by `factor` before every training batch (an exponential sweep).
final class GrowingLR: Callback {
    let order = -10
    let start: Float
    let factor: Float

    init(start: Float, factor: Float) {
        self.start = start
        self.factor = factor
    }

    func beforeBatch(_ learner: Learner) throws {
        guard learner.isTraining else { return }
        let lr = start * pow(factor, Float(learner.iteration))
        for group in learner.optimizer.groups { group.learningRate = lr }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String { "simulated data error at batch 3" }
}
