import LRLabTestSupport
import NeuralNet
import TensorCore
import Training
import XCTest
@testable import LRFinder

/// What a callback of order 0 saw in `afterFit`, before the range test (order 95) handled it.
private final class AfterFitProbe: Callback {
    var weights: [UInt32] = []
    var state: [String: [[UInt32]]] = [:]
    var rng: RandomGenerator?

    func afterFit(_ learner: Learner) throws {
        weights = TestLearners.bits(learner.model)
        state = TestLearners.bits(learner.optimizer.saveState())
        rng = learner.context.rng
    }
}

/// The documented use without `run(on:)`: add the test to a learner and call `fit`; the test's own
/// `afterFit` must put everything back and detach it, since nothing else does.
final class FitWithRangeTestTests: XCTestCase {
    func testAfterFitRestoresModelOptimizerAndRandomStreamBitForBitAndDetaches() throws {
        // A few batches first, so the optimizer holds momentum buffers and the rng has moved.
        let learner = try TestLearners.learner()
        let warmUp = StopAfterBatches(count: 5)
        learner.add(warmUp)
        try learner.fit(epochs: 1)
        learner.remove(warmUp)

        let weights = TestLearners.bits(learner.model)
        let state = TestLearners.bits(learner.optimizer.saveState())
        let rng = learner.context.rng
        let validLoader = try XCTUnwrap(learner.validLoader)
        let probe = AfterFitProbe()
        learner.add(probe)
        let test = try LRRangeTest(settings: RangeTestSettings(startLR: 1e-3, endLR: 1, iterations: 12,
                                                                divergenceFactor: nil))
        learner.add(test)
        XCTAssertGreaterThan(learner.iterationsPerEpoch, 12, "one epoch holds every rung")
        try learner.fit(epochs: 1)

        XCTAssertEqual(test.outcome, .reachedIterations)
        XCTAssertEqual(test.points.count, 12)
        // The test really trained: in afterFit, before the test's turn, everything had moved.
        XCTAssertNotEqual(probe.weights, weights)
        XCTAssertNotEqual(probe.state, state)
        XCTAssertNotEqual(probe.rng, rng)
        // And the test's afterFit put it all back.
        XCTAssertEqual(TestLearners.bits(learner.model), weights)
        XCTAssertEqual(TestLearners.bits(learner.optimizer.saveState()), state)
        XCTAssertEqual(learner.context.rng, rng)
        XCTAssertFalse(test.holdsSnapshot)
        XCTAssertFalse(learner.callbacks.contains { $0 === test }, "the test detaches itself")
        XCTAssertTrue(learner.callbacks.contains { $0 === probe }, "other callbacks stay")
        XCTAssertEqual(try XCTUnwrap(learner.validLoader).dataset.count, validLoader.dataset.count,
                       "the validation data is given back")

        // A later fit is plain training: no rungs set and the validation phase runs.
        learner.remove(probe)
        let spy = EventSpy()
        learner.add(spy)
        let rates = learner.learningRates
        try learner.fit(epochs: 1)
        XCTAssertEqual(learner.learningRates, rates)
        XCTAssertTrue(spy.events.contains(.beforeValidate))
    }
}
