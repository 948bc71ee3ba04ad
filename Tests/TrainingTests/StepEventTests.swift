import LRLabTestSupport
import XCTest
@testable import Training

/// `beforeStep` sits between the backward pass and the optimizer step, and a step cancellation
/// skips exactly the step (fastai's `CancelStepException`).
final class StepEventTests: XCTestCase {
    private func values(_ learner: Learner) -> [Float] {
        learner.model.parameters.flatMap(\.value.storage)
    }

    private func gradients(_ learner: Learner) -> [Float] {
        learner.model.parameters.flatMap(\.gradient.storage)
    }

    func testBeforeStepSeesGradientsButNotYetTheUpdate() throws {
        var atBatchStart: [Float] = [], atBeforeStep: [Float] = [], atAfterStep: [Float] = []
        var gradientsAtBeforeStep: [Float] = []
        let probe = EventLog { event, l in
            guard l.iteration == 1 else { return }
            switch event {
            case .beforeBatch: atBatchStart = self.values(l)
            case .beforeStep:
                atBeforeStep = self.values(l)
                gradientsAtBeforeStep = self.gradients(l)
            case .afterStep: atAfterStep = self.values(l)
            default: break
            }
        }
        let learner = TinyProblem.learner(trainBatches: 3, validBatches: 0, callbacks: [probe])
        try learner.fit(epochs: 1)
        XCTAssertEqual(atBeforeStep, atBatchStart, "no update before the step")
        XCTAssertTrue(gradientsAtBeforeStep.contains { $0 != 0 }, "the backward pass already ran")
        XCTAssertNotEqual(atAfterStep, atBeforeStep, "the step updated the parameters")
        let batch = ["before_batch", "after_pred", "after_loss", "after_backward", "before_step", "after_step", "after_batch"]
        XCTAssertEqual(Array(probe.events[3..<10]), batch)
    }

    func testStepCancellationSkipsTheUpdateAndStillClosesTheStepAndTheBatch() throws {
        var before: [Float] = [], after: [Float] = [], gradientsAtNextBatch: [Float] = []
        let canceller = EventLog { event, l in
            if event == .beforeBatch, l.iteration == 1 { before = self.values(l) }
            if event == .beforeStep, l.iteration == 1 { throw Cancellation.step(reason: "keep the weights") }
            if event == .afterBatch, l.iteration == 1 { after = self.values(l) }
            if event == .beforeBatch, l.iteration == 2 { gradientsAtNextBatch = self.gradients(l) }
        }
        let learner = TinyProblem.learner(trainBatches: 3, validBatches: 0, callbacks: [canceller])
        try learner.fit(epochs: 1)
        let cancelled = ["before_batch", "after_pred", "after_loss", "after_backward", "before_step",
                         "after_cancel_step", "after_step", "after_batch"]
        XCTAssertEqual(canceller.events, ["before_fit", "before_epoch", "before_train"] + Expected.trainBatch + cancelled
                       + Expected.trainBatch + ["after_train", "after_epoch", "after_fit"])
        XCTAssertEqual(after, before, "the optimizer did not step")
        XCTAssertTrue(gradientsAtNextBatch.allSatisfy { $0 == 0 }, "the skipped step's gradients were zeroed")
        XCTAssertEqual(learner.cancellation, .step(reason: "keep the weights"))
        XCTAssertEqual(learner.cancellation?.level, .step)
        XCTAssertNil(learner.fitCancellation)
        XCTAssertEqual(learner.iteration, 3)
    }

    func testCancellingEveryStepLeavesTheModelUntrained() throws {
        final class Frozen: Callback {
            var cancelled: [Cancellation] = []
            func beforeStep(_ learner: Learner) throws { throw Cancellation.step(reason: "frozen") }
            func afterCancel(_ cancellation: Cancellation, learner: Learner) throws { cancelled.append(cancellation) }
        }
        let frozen = Frozen()
        let learner = TinyProblem.learner(trainBatches: 3, validBatches: 1, callbacks: [frozen])
        let start = values(learner)
        try learner.fit(epochs: 2)
        XCTAssertEqual(values(learner), start)
        XCTAssertEqual(frozen.cancelled.count, 6, "afterCancel receives each step cancellation")
    }

    func testStepCancellationAfterTheStepIsAFailure() throws {
        // The step is over by after_step: nothing encloses the cancellation there.
        let late = EventLog { event, _ in if event == .afterStep { throw Cancellation.step(reason: "too late") } }
        let learner = TinyProblem.learner(validBatches: 0, callbacks: [late])
        XCTAssertThrowsError(try learner.fit(epochs: 1)) {
            XCTAssertEqual($0 as? Cancellation, .step(reason: "too late"))
        }
        XCTAssertEqual(late.events.suffix(2), ["after_step", "after_fit"])
    }
}

/// Callbacks that say they do not run during validation get no validation batch events.
final class RunsDuringValidationTests: XCTestCase {
    final class TrainingOnly: Callback {
        let runsDuringValidation: Bool
        var seen: [(Event, Bool)] = []
        init(runsDuringValidation: Bool) { self.runsDuringValidation = runsDuringValidation }
        func handle(_ event: Event, learner: Learner) throws { seen.append((event, learner.isTraining)) }
    }

    func testValidationBatchEventsSkipCallbacksThatOptOut() throws {
        let optedOut = TrainingOnly(runsDuringValidation: false)
        let everywhere = TrainingOnly(runsDuringValidation: true)
        try TinyProblem.learner(trainBatches: 3, validBatches: 2, callbacks: [optedOut, everywhere]).fit(epochs: 2)

        XCTAssertEqual(everywhere.seen.map(\.0.rawValue),
                       ["before_fit"] + Expected.epoch(train: 3, valid: 2) + Expected.epoch(train: 3, valid: 2) + ["after_fit"])
        let epoch = ["before_epoch"] + Expected.train(3) + ["before_validate", "after_validate", "after_epoch"]
        XCTAssertEqual(optedOut.seen.map(\.0.rawValue), ["before_fit"] + epoch + epoch + ["after_fit"])
        XCTAssertFalse(optedOut.seen.contains { $0.0.isBatchEvent && !$0.1 })
    }

    func testTheDefaultRunsDuringValidation() {
        final class Plain: Callback {}
        XCTAssertTrue(Plain().runsDuringValidation)
        XCTAssertEqual(Plain().order, CallbackOrder.standard)
    }

    func testBatchEventsAreFastaisInnerLoop() {
        XCTAssertEqual(Event.batchEvents.map(\.rawValue).sorted(),
                       ["after_backward", "after_batch", "after_cancel_batch", "after_cancel_step", "after_loss",
                        "after_pred", "after_step", "before_batch", "before_step"])
    }
}

/// Errors thrown while `afterFit` finishes up are rethrown, never dropped.
final class AfterFitErrorTests: XCTestCase {
    private struct Boom: Error, Equatable { let name: String }

    func testSeveralAfterFitErrorsComeBackTogetherInOrder() throws {
        let first = EventLog(order: 1) { event, _ in if event == .afterFit { throw Boom(name: "first") } }
        let second = EventLog(order: 2) { event, _ in if event == .afterFit { throw Boom(name: "second") } }
        let learner = TinyProblem.learner(callbacks: [second, first])
        XCTAssertThrowsError(try learner.fit(epochs: 1)) { error in
            let failure = try? XCTUnwrap(error as? FitFailure)
            XCTAssertEqual(failure?.errors.compactMap { ($0 as? Boom)?.name }, ["first", "second"])
            XCTAssertEqual("\(error)", "Boom(name: \"first\"); and then: Boom(name: \"second\")")
        }
        XCTAssertEqual(learner.failure as? Boom, Boom(name: "first"))
    }

    func testTheSameErrorTwiceIsKeptTwiceButSaidOnce() throws {
        let first = EventLog(order: 1) { event, _ in if event == .afterFit { throw Boom(name: "disk full") } }
        let again = EventLog(order: 2) { event, _ in if event == .afterFit { throw Boom(name: "disk full") } }
        let other = EventLog(order: 3) { event, _ in if event == .afterFit { throw Boom(name: "other") } }
        let learner = TinyProblem.learner(callbacks: [first, again, other])
        XCTAssertThrowsError(try learner.fit(epochs: 1)) { error in
            XCTAssertEqual((error as? FitFailure)?.errors.count, 3)
            XCTAssertEqual("\(error)", "Boom(name: \"disk full\"); and then: Boom(name: \"other\")")
        }
    }

    func testAnAfterFitErrorAfterAFailureIsKeptBehindIt() throws {
        let breaks = EventLog(order: 1) { event, l in if event == .afterLoss, l.iteration == 1 { throw Boom(name: "fit") } }
        let cannotFinish = EventLog(order: 2) { event, _ in if event == .afterFit { throw Boom(name: "file") } }
        let learner = TinyProblem.learner(callbacks: [breaks, cannotFinish])
        XCTAssertThrowsError(try learner.fit(epochs: 1)) { error in
            XCTAssertEqual((error as? FitFailure)?.errors.compactMap { ($0 as? Boom)?.name }, ["fit", "file"])
        }
        XCTAssertEqual(learner.failure as? Boom, Boom(name: "fit"), "the error that ended the fit")
    }
}
