import LRLabTestSupport
import XCTest
@testable import Training

private struct Boom: Error, Equatable {}

/// Errors that are not cancellations end the fit, but `afterFit` still reaches every callback.
final class LearnerFailureTests: XCTestCase {
    func testErrorFromACallbackPublishesAfterFitWithFailureAndRethrows() throws {
        var failureSeenInAfterFit: (any Error)?
        let thrower = EventLog(order: 0) { event, learner in
            if event == .afterLoss, learner.iteration == 1 { throw Boom() }
        }
        let watcher = EventLog(order: 10) { event, learner in
            if event == .afterFit { failureSeenInAfterFit = learner.failure }
        }
        let learner = TinyProblem.learner(callbacks: [thrower, watcher])
        XCTAssertThrowsError(try learner.fit(epochs: 2)) { XCTAssertTrue($0 is Boom) }
        XCTAssertTrue(failureSeenInAfterFit is Boom)
        XCTAssertEqual(watcher.events.suffix(3), ["before_batch", "after_pred", "after_fit"],
                       "the thrower runs first, so the watcher never sees after_loss; only after_fit follows")
        XCTAssertEqual(watcher.events.filter { $0 == "after_fit" }.count, 1)
    }

    func testErrorFromAfterFitStillReachesLaterCallbacksOnce() throws {
        let thrower = EventLog(order: 0) { event, _ in if event == .afterFit { throw Boom() } }
        let later = EventLog(order: 10)
        let learner = TinyProblem.learner(callbacks: [thrower, later])
        XCTAssertThrowsError(try learner.fit(epochs: 1)) { XCTAssertTrue($0 is Boom) }
        XCTAssertEqual(later.events.filter { $0 == "after_fit" }.count, 1)
        XCTAssertEqual(thrower.events.filter { $0 == "after_fit" }.count, 1)
        XCTAssertTrue(learner.failure is Boom)
    }

    func testCancellationOfAnInnerLevelThrownOutsideItIsAFailure() throws {
        // A batch cancellation from after_train has no batch to cancel: nothing catches it.
        let log = EventLog { event, _ in if event == .afterTrain { throw Cancellation.batch(reason: "late") } }
        let learner = TinyProblem.learner(validBatches: 0, callbacks: [log])
        XCTAssertThrowsError(try learner.fit(epochs: 1)) { XCTAssertEqual($0 as? Cancellation, .batch(reason: "late")) }
        XCTAssertEqual(log.events.last, "after_fit")
    }

    func testNegativeEpochsIsAClearError() {
        let learner = TinyProblem.learner()
        XCTAssertThrowsError(try learner.fit(epochs: -1)) { error in
            XCTAssertEqual(error as? LearnerError, .negativeEpochs(-1))
            XCTAssertTrue("\(error)".contains("0 or more"))
        }
    }

    func testSetLearningRatesChecksTheGroupCount() throws {
        let learner = TinyProblem.learner()
        try learner.setLearningRates([0.1, 0.2])
        XCTAssertEqual(learner.learningRates, [0.1, 0.2])
        try learner.setLearningRates([0.3])
        XCTAssertEqual(learner.learningRates, [0.3, 0.3])
        XCTAssertThrowsError(try learner.setLearningRates([1, 2, 3])) {
            XCTAssertEqual($0 as? LearnerError, .learningRateCount(given: 3, groups: 2))
        }
        try learner.setLearningRate(0.5, group: 1)
        XCTAssertEqual(learner.learningRates, [0.3, 0.5])
        XCTAssertThrowsError(try learner.setLearningRate(0.5, group: 2))
        try learner.setMomentums([0.9])
        XCTAssertEqual(learner.momentums, [0.9, 0.9])
    }
}
