import LRLabTestSupport
import XCTest
@testable import Training

/// The learner publishes fastai's events in fastai's order, including around cancellations.
final class LearnerEventTests: XCTestCase {
    func testFullFitPublishesEveryEventInOrder() throws {
        let log = EventLog()
        let learner = TinyProblem.learner(trainBatches: 3, validBatches: 2, callbacks: [log])
        try learner.fit(epochs: 2)
        let expected = ["before_fit"] + Expected.epoch(train: 3, valid: 2) + Expected.epoch(train: 3, valid: 2) + ["after_fit"]
        XCTAssertEqual(log.events, expected)
        XCTAssertEqual(learner.iteration, 6)
        XCTAssertNil(learner.cancellation)
        XCTAssertNil(learner.fitCancellation)
        XCTAssertEqual(learner.validation?.count, 8)
    }

    func testCountersSeenByCallbacks() throws {
        var seen: [String] = []
        let log = EventLog { event, learner in
            if event == .afterBatch {
                seen.append("\(learner.isTraining ? "t" : "v") e\(learner.epoch) b\(learner.batchIndex) i\(learner.iteration)")
            }
        }
        let learner = TinyProblem.learner(trainBatches: 3, validBatches: 1, callbacks: [log])
        try learner.fit(epochs: 2)
        XCTAssertEqual(seen, ["t e0 b0 i0", "t e0 b1 i1", "t e0 b2 i2", "v e0 b0 i3",
                              "t e1 b0 i3", "t e1 b1 i4", "t e1 b2 i5", "v e1 b0 i6"])
    }

    func testBatchCancellationSkipsTheStepAndStillClosesTheBatch() throws {
        let log = EventLog { event, learner in
            if event == .afterBackward, learner.iteration == 1 { throw Cancellation.batch(reason: "skip") }
        }
        let learner = TinyProblem.learner(trainBatches: 3, validBatches: 0, callbacks: [log])
        try learner.fit(epochs: 1)
        let cancelled = ["before_batch", "after_pred", "after_loss", "after_backward", "after_cancel_batch", "after_batch"]
        XCTAssertEqual(log.events, ["before_fit", "before_epoch", "before_train"] + Expected.trainBatch + cancelled
                       + Expected.trainBatch + ["after_train", "after_epoch", "after_fit"])
        XCTAssertEqual(learner.iteration, 3, "a cancelled batch still counts as an iteration, as in fastai")
        XCTAssertEqual(learner.cancellation, .batch(reason: "skip"))
        XCTAssertNil(learner.fitCancellation)
    }

    func testTrainCancellationGoesOnWithValidation() throws {
        let log = EventLog { event, learner in
            if event == .beforeBatch, learner.isTraining, learner.epoch == 0, learner.batchIndex == 1 {
                throw Cancellation.train(reason: "enough")
            }
        }
        let learner = TinyProblem.learner(trainBatches: 3, validBatches: 2, callbacks: [log])
        try learner.fit(epochs: 2)
        let firstEpoch = ["before_epoch", "before_train"] + Expected.trainBatch
            + ["before_batch", "after_cancel_train", "after_train"] + Expected.validate(2) + ["after_epoch"]
        XCTAssertEqual(log.events, ["before_fit"] + firstEpoch + Expected.epoch(train: 3, valid: 2) + ["after_fit"])
        XCTAssertEqual(learner.iteration, 4)
    }

    func testValidateCancellationLeavesNoValidationMetrics() throws {
        let log = EventLog { event, _ in
            if event == .beforeValidate { throw Cancellation.validate(reason: "no time") }
        }
        let learner = TinyProblem.learner(trainBatches: 3, validBatches: 2, callbacks: [log])
        try learner.fit(epochs: 1)
        XCTAssertEqual(log.events, ["before_fit", "before_epoch"] + Expected.train(3)
                       + ["before_validate", "after_cancel_validate", "after_validate", "after_epoch", "after_fit"])
        XCTAssertNil(learner.validation)
    }

    func testEpochCancellationSkipsValidationAndGoesOnWithTheNextEpoch() throws {
        let log = EventLog { event, learner in
            if event == .afterTrain, learner.epoch == 0 { throw Cancellation.epoch(reason: "next") }
        }
        let learner = TinyProblem.learner(trainBatches: 3, validBatches: 2, callbacks: [log])
        try learner.fit(epochs: 2)
        XCTAssertEqual(log.events, ["before_fit", "before_epoch"] + Expected.train(3)
                       + ["after_cancel_epoch", "after_epoch"] + Expected.epoch(train: 3, valid: 2) + ["after_fit"])
    }

    func testFitCancellationFromAfterStepEndsEverything() throws {
        let log = EventLog { event, learner in
            if event == .afterStep, learner.iteration == 4 { throw Cancellation.fit(.stopped, reason: "stopped early") }
        }
        let learner = TinyProblem.learner(trainBatches: 3, validBatches: 2, callbacks: [log])
        try learner.fit(epochs: 2)
        let partial = ["before_batch", "after_pred", "after_loss", "after_backward", "before_step", "after_step"]
        XCTAssertEqual(log.events, ["before_fit"] + Expected.epoch(train: 3, valid: 2)
                       + ["before_epoch", "before_train"] + Expected.trainBatch + partial + ["after_cancel_fit", "after_fit"])
        XCTAssertEqual(learner.fitCancellation, .fit(.stopped, reason: "stopped early"))
        XCTAssertEqual(learner.fitCancellation?.outcome, .stopped)
    }

    func testAfterCancelMethodReceivesTheCancellation() throws {
        final class Watcher: Callback {
            var received: [Cancellation] = []
            func afterCancel(_ cancellation: Cancellation, learner: Learner) throws { received.append(cancellation) }
            func beforeBatch(_ learner: Learner) throws {
                if learner.iteration == 2 { throw Cancellation.fit(.cancelled, reason: "x") }
            }
        }
        let watcher = Watcher()
        try TinyProblem.learner(callbacks: [watcher]).fit(epochs: 1)
        XCTAssertEqual(watcher.received, [.fit(.cancelled, reason: "x")])
    }

    func testCallbacksRunInAscendingOrderStableForTies() throws {
        var calls: [String] = []
        let a = EventLog(order: 5) { e, _ in if e == .beforeFit { calls.append("a5") } }
        let b = EventLog(order: -10) { e, _ in if e == .beforeFit { calls.append("b-10") } }
        let c = EventLog(order: 0) { e, _ in if e == .beforeFit { calls.append("c0") } }
        let d = EventLog(order: 5) { e, _ in if e == .beforeFit { calls.append("d5") } }
        let learner = TinyProblem.learner(callbacks: [a, b, c])
        learner.add(d)
        try learner.fit(epochs: 0)
        XCTAssertEqual(calls, ["b-10", "c0", "a5", "d5"])
        learner.remove(c)
        XCTAssertEqual(learner.callbacks.map(\.order), [-10, 5, 5])
        XCTAssertTrue(learner.callback(ofType: EventLog.self) === b)
    }
}
