#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import LRLabTestSupport
import TensorCore
import XCTest
@testable import Training

/// Callbacks that end a fit: non-finite losses, signals, a fixed number of iterations.
final class StoppingCallbackTests: XCTestCase {
    func testNaNLossCancelsTheFitAsDivergedAfterRecordersSawTheBatch() throws {
        var recordedLosses: [Float] = []
        let poison = EventLog { event, learner in
            if event == .beforeBatch, learner.isTraining, learner.iteration == 2 {
                learner.batch.inputs = Tensor(shape: learner.batch.inputs.shape, repeating: .nan)
            }
        }
        let recorder = EventLog(order: 50) { event, learner in
            if event == .afterBatch, learner.isTraining { recordedLosses.append(learner.loss) }
        }
        let learner = TinyProblem.learner(trainBatches: 3, validBatches: 1,
                                          callbacks: [poison, recorder, TerminateOnNonFinite()])
        try learner.fit(epochs: 2)
        XCTAssertEqual(learner.fitCancellation, .fit(.diverged, reason: "diverged: loss is nan at iteration 2"))
        XCTAssertEqual(learner.fitCancellation?.outcome, .diverged)
        XCTAssertEqual(recordedLosses.count, 3)
        XCTAssertTrue(recordedLosses[2].isNaN)
        XCTAssertEqual(recorder.events.suffix(3), ["after_batch", "after_cancel_fit", "after_fit"])
    }

    func testHugeLearningRateDivergesToAnInfiniteOrNaNLoss() throws {
        let learner = TinyProblem.learner(trainBatches: 3, validBatches: 0, lr: 1e4, callbacks: [TerminateOnNonFinite()])
        try learner.fit(epochs: 50)
        let reason = try XCTUnwrap(learner.fitCancellation?.reason)
        XCTAssertTrue(reason.hasPrefix("diverged: loss is "), reason)
        XCTAssertTrue(reason.contains("nan") || reason.contains("inf"), reason)
        XCTAssertLessThan(learner.iteration, 150)
    }

    func testSigintDuringAFitInterruptsItAtTheNextBatch() throws {
        let handler = InterruptHandler()
        let sender = EventLog { event, learner in
            if event == .afterBatch, learner.isTraining, learner.iteration == 1 {
                XCTAssertTrue(handler.isInstalled)
                raise(SIGINT)
            }
        }
        let learner = TinyProblem.learner(trainBatches: 3, validBatches: 1, callbacks: [handler, sender])
        try learner.fit(epochs: 2)
        XCTAssertEqual(learner.fitCancellation, .fit(.interrupted, reason: "interrupted by SIGINT"))
        XCTAssertEqual(learner.fitCancellation?.outcome, .interrupted)
        XCTAssertEqual(learner.iteration, 2, "batches 0 and 1 ran, batch 2 was refused")
        XCTAssertFalse(handler.isInstalled, "afterFit restores the previous handlers")
        InterruptHandler.clearPendingSignal()
    }

    func testInstallAndUninstallRestoreThePreviousHandler() {
        var before = sigaction()
        sigaction(SIGTERM, nil, &before)
        let handler = InterruptHandler(signals: [SIGTERM])
        handler.install()
        XCTAssertTrue(handler.isInstalled)
        raise(SIGTERM)
        XCTAssertEqual(InterruptHandler.pendingSignal, SIGTERM)
        handler.uninstall()
        var after = sigaction()
        sigaction(SIGTERM, nil, &after)
        #if canImport(Glibc)
        XCTAssertEqual(unsafeBitCast(after.__sigaction_handler.sa_handler, to: Int.self),
                       unsafeBitCast(before.__sigaction_handler.sa_handler, to: Int.self))
        #endif
        InterruptHandler.clearPendingSignal()
        XCTAssertNil(InterruptHandler.pendingSignal)
    }

    func testStopAfterRunsExactlyThatManyIterationsAcrossEpochs() throws {
        let log = EventLog()
        let learner = TinyProblem.learner(trainBatches: 3, validBatches: 1, callbacks: [log, StopAfter(iterations: 5)])
        try learner.fit(epochs: 4)
        XCTAssertEqual(log.events.filter { $0 == "after_step" }.count, 5)
        XCTAssertEqual(learner.fitCancellation, .fit(.stopped, reason: "stopped after 5 iterations"))
        XCTAssertEqual(learner.fitCancellation?.outcome, .stopped)
        XCTAssertEqual(log.events.suffix(3), ["after_batch", "after_cancel_fit", "after_fit"])

        let none = EventLog()
        try TinyProblem.learner(callbacks: [none, StopAfter(iterations: 0)]).fit(epochs: 1)
        XCTAssertEqual(none.events, ["before_fit", "after_cancel_fit", "after_fit"])
    }
}
