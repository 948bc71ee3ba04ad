import LRLabTestSupport
import XCTest
@testable import Training

/// Whole fits: the tiny model learns, and the same seed replays bit for bit.
final class TrainingRunTests: XCTestCase {
    private func parameters(_ learner: Learner) -> [[Float]] {
        learner.model.parameters.map(\.value.storage)
    }

    func testTinyModelLearns() throws {
        let learner = TinyProblem.learner(trainBatches: 8, validBatches: 4, lr: 0.05)
        let before = learner.evaluate(learner.validLoader!).loss
        try learner.fit(epochs: 30)
        let after = try XCTUnwrap(learner.validation).loss
        XCTAssertLessThan(after, before * 0.05, "validation MSE \(before) -> \(after)")
    }

    func testSameSeedGivesBitIdenticalParameters() throws {
        let scheduler = { try ParameterScheduler.oneCycle(maxLearningRates: [0.02, 0.05]) }
        let a = TinyProblem.learner(seed: 7, callbacks: [try scheduler()])
        let b = TinyProblem.learner(seed: 7, callbacks: [try scheduler()])
        try a.fit(epochs: 3)
        try b.fit(epochs: 3)
        XCTAssertEqual(parameters(a), parameters(b))
        XCTAssertEqual(a.smoothLoss.bitPattern, b.smoothLoss.bitPattern)

        let c = TinyProblem.learner(seed: 8, callbacks: [try scheduler()])
        try c.fit(epochs: 3)
        XCTAssertNotEqual(parameters(a), parameters(c))
    }

    func testASecondFitStartsItsCountersAfresh() throws {
        let learner = TinyProblem.learner(trainBatches: 3, validBatches: 1, callbacks: [StopAfter(iterations: 2)])
        try learner.fit(epochs: 1)
        XCTAssertNotNil(learner.fitCancellation)
        learner.remove(learner.callback(ofType: StopAfter.self)!)
        try learner.fit(epochs: 1)
        XCTAssertNil(learner.fitCancellation)
        XCTAssertEqual(learner.iteration, 3)
        XCTAssertNotNil(learner.validation)
    }
}
