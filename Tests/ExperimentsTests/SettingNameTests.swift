import Datasets
import Foundation
import LRFinder
import LRLabTestSupport
import NeuralNet
import Recorders
import TensorCore
import Training
import XCTest
@testable import Experiments

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Library errors name the settings a program sets (`RangeTestSettings.startLR`), never `train`'s
/// flags: a library user has no flags.
final class SettingNameTests: XCTestCase {
    /// One error case: what the message must name, and how to provoke it.
    private struct Case {
        let names: [String]
        let provoke: () throws -> Void
        let line: UInt

        init(_ names: String..., line: UInt = #line, provoke: @escaping () throws -> Void) {
            self.names = names
            self.provoke = provoke
            self.line = line
        }
    }

    private var out = ""

    override func setUpWithError() throws {
        out = try TestRuns.folder(self)
    }

    private func rangeJob(_ change: (inout RangeTestJob) -> Void) -> () throws -> Void {
        var job = TestRuns.job(out: out)
        change(&job)
        return { [job] in try job.validate() }
    }

    private func fitJob(_ change: (inout FitJob) -> Void) -> () throws -> Void {
        var job = FitJob(model: "mlp", outputDirectory: out)
        change(&job)
        return { [job] in try job.validate() }
    }

    private func settings(_ change: (inout RangeTestSettings) -> Void) -> () throws -> Void {
        var settings = RangeTestSettings()
        change(&settings)
        return { [settings] in try settings.validate() }
    }

    private var cases: [Case] {
        let base = TestRuns.job(out: out)
        let noValidation = DataRequest(source: "synthetic", validationFraction: 0)
        let learnerWithoutValidation = { () throws -> Learner in
            let learner = try TestLearners.learner()
            learner.validLoader = nil
            return learner
        }
        return [
            // RangeTestSettings (LRFinder).
            Case("RangeTestSettings.startLR", provoke: settings { $0.startLR = 0 }),
            Case("RangeTestSettings.endLR", provoke: settings { $0.endLR = 1e-8 }),
            Case("RangeTestSettings.iterations", provoke: settings { $0.iterations = 5 }),
            Case("RangeTestSettings.batchesPerStep", provoke: settings { $0.batchesPerStep = 0 }),
            Case("RangeTestSettings.divergenceFactor", provoke: settings { $0.divergenceFactor = 1 }),
            Case("RangeTestSettings.validationBatches", provoke: settings { $0.validationBatches = 0 }),
            Case("RangeTestSettings.groupMultipliers", provoke: settings { $0.groupMultipliers = [1, -1] }),
            Case("RangeTestSettings.groupMultipliers") {
                try RangeTestSettings(groupMultipliers: [0.1, 1, 1]).validate(parameterGroups: 2)
            },
            Case("RangeTestSettings.groupMultipliers") {
                try LRRangeTest(settings: RangeTestSettings(groupMultipliers: [1, 2, 3])).run(on: try TestLearners.learner())
            },
            Case("RangeTestSettings.validationBatches", "DataRequest.validationFraction") {
                try LRRangeTest(settings: RangeTestSettings(iterations: 6, validationBatches: 1)).run(on: try learnerWithoutValidation())
            },
            Case { throw RangeTestError.noTrainingBatch(examples: 0, batchSize: 8) },
            // Jobs (Experiments).
            Case("RangeTestJob.batchSize", provoke: rangeJob { $0.batchSize = 0 }),
            Case("RangeTestJob.verifySteps", provoke: rangeJob { $0.verifySteps = 0 }),
            Case("RangeTestSettings.validationBatches", "DataRequest.validationFraction",
                 provoke: rangeJob { $0.data = noValidation; $0.settings.validationBatches = 2 }),
            Case("RangeTestJob.verifySteps", "DataRequest.validationFraction",
                 provoke: rangeJob { $0.data = noValidation; $0.verifySteps = 10 }),
            Case("records", provoke: rangeJob { $0.records = ["csv", "xml"] }),
            Case("DataRequest.trainLimit", provoke: rangeJob { $0.data.trainLimit = 0 }),
            Case("FitJob.epochs", provoke: fitJob { $0.epochs = 0 }),
            Case("FitJob.learningRate", provoke: fitJob { $0.learningRate = .nan }),
            Case("FitJob.batchSize", provoke: fitJob { $0.batchSize = 0 }),
            Case("DataRequest.validationFraction", provoke: fitJob { $0.data.validationFraction = 1 }),
            Case("OptimizerSettings.momentum", provoke: fitJob { $0.optimizer.momentum = 1 }),
            Case("OptimizerSettings.weightDecay", provoke: fitJob { $0.optimizer.weightDecay = -1 }),
            Case("OptimizerSettings.nesterov", "OptimizerSettings.kind", "OptimizerSettings.momentum",
                 provoke: fitJob { $0.optimizer = OptimizerSettings(kind: .adam, nesterov: true) }),
            Case("FitJob.checkpoint", "FitJob.initialWeights") {
                try FineTuner.validate(FitJob(model: "mlp", outputDirectory: self.out), settings: FineTuner.Settings())
            },
            Case("FineTuner.Settings.freezeEpochs") { try FineTuner.Settings(freezeEpochs: -1).validate() },
            Case("FineTuner.Settings.lrMult") { try FineTuner.Settings(lrMult: 0.5).validate() },
            Case("SweepJob.batchSizes") { try SweepJob(base: base, batchSizes: [], seeds: [0], jobs: 1).validate() },
            Case("SweepJob.batchSizes") { try SweepJob(base: base, batchSizes: [8, 0], seeds: [0], jobs: 1).validate() },
            Case("SweepJob.batchSizes") { try SweepJob(base: base, batchSizes: [8, 8], seeds: [0], jobs: 1).validate() },
            Case("SweepJob.seeds") { try SweepJob(base: base, batchSizes: [8], seeds: [1, 1], jobs: 1).validate() },
            Case("SweepJob.jobs") { try SweepJob(base: base, batchSizes: [8], seeds: [0], jobs: 0).validate() },
            Case("SuggestionVerifier.steps") { _ = try SuggestionVerifier(steps: 0) },
            Case("DataRequest.validationFraction") {
                _ = try SuggestionVerifier(steps: 1).verify([("valley", 1e-3)], learner: try learnerWithoutValidation())
            },
            Case("model", "DataRequest.classes", "FineTuner.run") {
                let path = self.out + "/mlp.ckpt"
                try Checkpoint.save(model: ReferenceModel.mlp.make(seed: 1), metadata: CheckpointLoading.metadata(model: "mlp", classes: Array(0..<10)),
                                    to: path)
                try CheckpointLoading.load(path, into: ReferenceModel.cnn.make(seed: 1), optimizer: nil)
            },
            Case("model") {
                let path = self.out + "/mlp-few.ckpt"
                try Checkpoint.save(model: ReferenceModel.mlp.make(seed: 1, classes: 2), metadata: CheckpointLoading.metadata(model: "mlp", classes: [0, 1]),
                                    to: path)
                try CheckpointLoading.load(path, into: ReferenceModel.cnn.make(seed: 1, classes: 2), optimizer: nil, classes: [2, 3])
            },
            // Data requests and data sets (Datasets).
            Case("DataRequest.validationFraction") { try DataRequest(validationFraction: -0.5).validate() },
            Case("DataRequest.trainLimit") { try DataRequest(trainLimit: 0).validate() },
            Case("DataRequest.classes") { try DataRequest(classes: [0, -1]).validate() },
            Case("DataRequest.classes") { try DataRequest(classes: [1, 1]).validate() },
            Case("DataRequest.classes") { try DataRequest(classes: [3]).validate() },
            Case("DataRequest.options[\"count\"]") {
                _ = try Registries.builtIn.dataSources.load(DataRequest(source: "synthetic", options: ["count": "1"]))
            },
            Case("DataRequest.trainLimit") {
                _ = try Registries.builtIn.dataSources.load(DataRequest(source: "synthetic", trainLimit: -3))
            },
            Case("DataRequest.source") { throw DatasetError.unrecognizedData(path: "/nonexistent", sources: ["synthetic"]) },
            Case("DataRequest.location") { _ = try FashionMNIST.load(directory: self.out + "/no-such-folder") },
            Case("batchSize") { _ = try TestRuns.data.trainLoader(batchSize: 0) },
            Case("batchSize") { _ = try TestRuns.data.validLoader(batchSize: -1) },
            Case("validationFraction") { _ = try DataSplit(TestRuns.data.train, validationFraction: 1, seed: 0) },
            Case("limit") { _ = try DataSplit(TestRuns.data.train, validationFraction: 0.1, seed: 0, limit: 0) },
            Case("count") { _ = try SyntheticData.patterns(count: 0) },
            Case("maxShift") { _ = try SyntheticData.patterns(count: 4, maxShift: 9) },
            // Models and checkpoints (NeuralNet).
            Case { _ = try ReferenceModel(validating: "resnet") },
            Case("Checkpoint.save") { throw CheckpointError.notACheckpoint(path: "x.ckpt") },
            Case("Checkpoint.save") { throw CheckpointError.unsupportedVersion(path: "x.ckpt", version: 99) },
            Case("Checkpoint.save") { throw CheckpointError.truncated(path: "x.ckpt", expectedBytes: 10, actualBytes: 5) },
            Case("Checkpoint.save") { throw CheckpointError.checksumMismatch(path: "x.ckpt", stored: 1, computed: 2) },
            Case("Checkpoint.save") { throw CheckpointError.malformed(path: "x.ckpt", detail: "a bad header") },
            // Recorders and run folders (Recorders).
            Case("records") { _ = try RecorderRegistry.builtIn.parseSelection("csv,none") },
            Case("outputDirectory") { throw ArtifactError(path: "/runs/x", operation: "write", code: ENOSPC) },
            Case("outputDirectory") { throw ArtifactError(path: "/runs/x", operation: "write", code: EACCES) },
            Case("outputDirectory") { throw ArtifactError(path: "/runs/x", operation: "write", code: EROFS) },
            Case("outputDirectory") {
                _ = try RunDirectory.create(in: self.out, id: "same", collision: .fail)
                _ = try RunDirectory.create(in: self.out, id: "same", collision: .fail)
            },
        ]
    }

    func testLibraryErrorsNameSettingsAndNoFlag() {
        for test in cases {
            do {
                try test.provoke()
                XCTFail("no error", line: test.line)
            } catch {
                let message = String(describing: error)
                XCTAssertFalse(message.contains("--"), "a flag in: \(message)", line: test.line)
                XCTAssertFalse(message.contains("`train "), "a train command in: \(message)", line: test.line)
                for name in test.names {
                    XCTAssertTrue(message.contains("`\(name)`"), "\(name) not in: \(message)", line: test.line)
                }
                if let setting = error as? SettingError, let first = test.names.first {
                    XCTAssertEqual(setting.setting, first, message, line: test.line)
                }
                for name in Self.quotedNames(message) { assertIsAProperty(name, in: message, line: test.line) }
            }
        }
    }

    /// A qualified setting in a message is a stored property of that type, so a program can set it.
    private func assertIsAProperty(_ name: String, in message: String, line: UInt) {
        let parts = name.split(separator: ".").map(String.init)
        // Tensor names such as `body.0.weight` are not settings; types start with a capital.
        guard parts.count >= 2, parts[0].first?.isUppercase == true else { return }
        let property = parts.last!.split(separator: "[").first.map(String.init) ?? ""
        let type = parts.dropLast().joined(separator: ".")
        let examples: [String: Any] = [
            "RangeTestSettings": RangeTestSettings(), "RangeTestJob": TestRuns.job(out: out), "FitJob": FitJob(model: "mlp"),
            "SweepJob": SweepJob(base: TestRuns.job(out: out), batchSizes: [8], seeds: [0], jobs: 1),
            "OptimizerSettings": OptimizerSettings(), "FineTuner.Settings": FineTuner.Settings(), "DataRequest": DataRequest(),
            "SuggestionVerifier": try! SuggestionVerifier(steps: 1),
        ]
        let functions: Set = ["FineTuner.run", "Checkpoint.save"]
        if functions.contains(name) { return }
        guard let example = examples[type] else {
            return XCTFail("\(name) in \(message): no such setting type", line: line)
        }
        XCTAssertTrue(Mirror(reflecting: example).children.contains { $0.label == property },
                      "\(type) has no property \(property) (\(message))", line: line)
    }

    /// The backticked names in `message`.
    private static func quotedNames(_ message: String) -> [String] {
        let parts = message.split(separator: "`", omittingEmptySubsequences: false)
        return stride(from: 1, to: parts.count - 1, by: 2).map { String(parts[$0]) }
    }

    func testMessagesSayWhatToDo() {
        XCTAssertEqual(String(describing: SettingError(setting: "RangeTestSettings.startLR", value: "0", reason: "use a positive number")),
                       "invalid value '0' for `RangeTestSettings.startLR`: use a positive number")
        XCTAssertEqual(String(describing: SettingError(setting: "FitJob.checkpoint", value: nil, reason: "give a saved model")),
                       "`FitJob.checkpoint` is not set: give a saved model")
        XCTAssertEqual((SettingError(setting: "a", value: "1", reason: "b") as any Error).localizedDescription,
                       "invalid value '1' for `a`: b")
    }
}
