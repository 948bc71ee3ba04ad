import ArtifactSchema
import Foundation
import NeuralNet
import Recorders
import TensorCore
import Training
import LRLabTestSupport
import XCTest
@testable import Experiments
@testable import LRFinder

/// Records body weights at the end of each fit and the peak learning rate of each group per fit.
private final class PhaseSpy: Callback {
    var bodyAfterFit: [[Float]] = []
    var peakRates: [[Float]] = []
    var frozenDuringFit: [Bool] = []

    func beforeFit(_ learner: Learner) throws {
        peakRates.append(Array(repeating: 0, count: learner.optimizer.groups.count))
        frozenDuringFit.append(learner.model.groups[0].isFrozen)
    }

    func afterStep(_ learner: Learner) throws {
        for (index, rate) in learner.learningRates.enumerated() {
            peakRates[peakRates.count - 1][index] = max(peakRates[peakRates.count - 1][index], rate)
        }
    }

    func afterFit(_ learner: Learner) throws {
        bodyAfterFit.append(learner.model.groups[0].parameters.flatMap(\.value.storage))
    }
}

final class VerifyAndFineTuneTests: XCTestCase {
    func testVerifyPicksTheLowestValidationLossAndRestoresTheModel() throws {
        let data = TestRuns.data
        let model = try Registries.builtIn.makeModel("mlp", for: data, seed: 0)
        let learner = Learner(model: model, lossFunction: CrossEntropyLoss(), optimizer: SGD(model: model, learningRate: 0),
                              trainLoader: try data.trainLoader(batchSize: 16), validLoader: try data.validLoader(batchSize: 16))
        let before = model.parameters.flatMap(\.value.storage)
        let rng = learner.context.rng
        let verifier = try SuggestionVerifier(steps: 20)
        let result = try verifier.verify([("tiny", 1e-7), ("good", 0.02), ("huge", 1e4)], learner: learner)
        XCTAssertEqual(result.results.map(\.name), ["tiny", "good", "huge"])
        XCTAssertEqual(result.best?.name, "good")
        let good = result.results[1], tiny = result.results[0]
        XCTAssertLessThan(good.validLoss, tiny.validLoss)
        XCTAssertGreaterThan(good.accuracy ?? 0, tiny.accuracy ?? 1)
        XCTAssertEqual(model.parameters.flatMap(\.value.storage), before, "verification leaves the model as it was")
        XCTAssertEqual(learner.context.rng, rng)
        // The order of candidates does not change any result.
        let reversed = try verifier.verify([("huge", 1e4), ("good", 0.02), ("tiny", 1e-7)], learner: learner)
        XCTAssertEqual("\(Array(reversed.results.reversed()))", "\(result.results)")
        XCTAssertEqual(result.manifestMember.best, "good")
    }

    func testLRFindVerifyWritesVerifyMember() throws {
        let out = try TestRuns.folder(self)
        var job = TestRuns.job(out: out)
        job.verifySteps = 5
        let run = try RangeTestRunner.run(job, data: TestRuns.data)
        let verification = try XCTUnwrap(run.verification)
        XCTAssertEqual(verification.results.map(\.name), run.findings.availableSuggestions.map(\.method.rawValue))
        let manifest = try RunManifest.decode(from: Data(contentsOf: URL(fileURLWithPath: run.directory + "/run.json")))
        XCTAssertEqual(manifest.verify?.steps, 5)
        XCTAssertEqual(manifest.verify?.best, verification.best?.name)
    }

    func testFineTuneFreezesTheBodyThenTrainsAllGroupsAtSpreadRates() throws {
        let out = try TestRuns.folder(self)
        let checkpoint = out + "/base.ckpt"
        let base = FitJob(model: "mlp", epochs: 1, learningRate: 0.02, batchSize: 16, records: [], outputDirectory: out,
                          save: checkpoint, quiet: true)
        _ = try FitRunner.run(base, data: TestRuns.data)
        let saved = try Checkpoint.load(from: checkpoint)
        let savedBody = saved.tensors.filter { $0.name.hasPrefix("body.") }.flatMap(\.value.storage)

        // Three classes instead of ten: the body is kept, the head is new.
        var threeClassRequest = TestRuns.request
        threeClassRequest.classes = [0, 1, 2]
        let threeClasses = try Registries.builtIn.dataSources.load(threeClassRequest)
        let spy = PhaseSpy()
        var job = base
        job.checkpoint = checkpoint
        job.save = nil
        job.learningRate = 0.01
        let run = try FineTuner.run(job, settings: FineTuner.Settings(freezeEpochs: 1, lrMult: 100), data: threeClasses,
                                    extraCallbacks: [spy])
        XCTAssertEqual(run.status, .completed)
        XCTAssertEqual(spy.frozenDuringFit, [true, false])
        XCTAssertEqual(spy.bodyAfterFit.count, 2)
        XCTAssertEqual(spy.bodyAfterFit[0], savedBody, "the frozen phase leaves the body alone")
        XCTAssertNotEqual(spy.bodyAfterFit[1], savedBody, "the unfrozen phase trains the body")
        // Unfrozen phase: base lr halved, body at head / lr-mult (one-cycle peaks).
        XCTAssertEqual(run.groupLearningRates[1], 0.005, accuracy: 1e-12)
        XCTAssertEqual(run.groupLearningRates[0], 0.005 / 100, accuracy: 1e-12)
        let peaks = spy.peakRates[1]
        XCTAssertLessThanOrEqual(peaks[1], 0.005 * (1 + 1e-6))
        XCTAssertGreaterThan(peaks[1], 0.004, "one-cycle comes near its peak within 10 batches")
        XCTAssertEqual(peaks[0] / peaks[1], 0.01, accuracy: 1e-4)
        let frozen = spy.peakRates[0]
        XCTAssertLessThanOrEqual(frozen[1], 0.01 * (1 + 1e-6), "frozen phase: the head up to the full rate")
        XCTAssertGreaterThan(frozen[1], 0.008)
        XCTAssertEqual(frozen[0] / frozen[1], 0.1, accuracy: 1e-4, "fastai's slice(lr): the body a tenth")
        let manifest = try RunManifest.decode(from: Data(contentsOf: URL(fileURLWithPath: run.directory + "/run.json")))
        XCTAssertEqual(manifest.kind, .fineTune)
        XCTAssertEqual(manifest.summary.epochs, 2)
    }
}
