import Datasets
import NeuralNet
import TensorCore
import Training
import LRLabTestSupport
import XCTest
@testable import LRFinder

/// A callback that throws a plain error at a given iteration.
private final class Saboteur: Callback {
    struct Boom: Error {}
    let at: Int
    init(at: Int) { self.at = at }
    func afterStep(_ learner: Learner) throws { if learner.iteration == at { throw Boom() } }
}

final class LRRangeTestTests: XCTestCase {
    /// Trains a few batches so the optimizer holds momentum buffers and the rng has moved.
    private func warmedLearner() throws -> Learner {
        let learner = try TestLearners.learner()
        learner.add(StopAfterBatches(count: 5))
        try learner.fit(epochs: 1)
        learner.remove(learner.callbacks[0])
        return learner
    }

    func testRestoresWeightsOptimizerAndRandomStreamBitForBit() throws {
        let learner = try warmedLearner()
        let weights = TestLearners.bits(learner.model)
        let state = learner.optimizer.saveState()
        let rng = learner.context.rng
        let test = try LRRangeTest(settings: RangeTestSettings(iterations: 30, divergenceFactor: nil))
        let points = try test.run(on: learner)
        XCTAssertEqual(points.count, 30)
        XCTAssertEqual(TestLearners.bits(learner.model), weights)
        XCTAssertEqual(learner.optimizer.saveState(), state)
        XCTAssertEqual(learner.context.rng, rng)
        XCTAssertTrue(learner.callbacks.isEmpty, "the test detaches itself")
        XCTAssertNotNil(learner.validLoader, "the validation data is given back")
        XCTAssertFalse(test.holdsSnapshot)
    }

    func testRestoresAfterAnotherCallbackThrows() throws {
        let learner = try warmedLearner()
        let weights = TestLearners.bits(learner.model)
        let state = learner.optimizer.saveState()
        let rng = learner.context.rng
        learner.add(Saboteur(at: 4))
        let test = try LRRangeTest()
        XCTAssertThrowsError(try test.run(on: learner)) { XCTAssertTrue($0 is Saboteur.Boom) }
        XCTAssertEqual(TestLearners.bits(learner.model), weights)
        XCTAssertEqual(learner.optimizer.saveState(), state)
        XCTAssertEqual(learner.context.rng, rng)
        XCTAssertEqual(test.points.count, 4)
        if case .failed = test.outcome {} else { XCTFail("outcome \(String(describing: test.outcome))") }
    }

    func testExponentialLadderFollowsFastai() throws {
        let settings = RangeTestSettings(startLR: 1e-7, endLR: 10, iterations: 100)
        XCTAssertEqual(settings.learningRate(atBatch: 0), 1e-7)
        XCTAssertEqual(settings.learningRate(atBatch: 50), 1e-7 * pow(1e8, 0.5), accuracy: 1e-12)
        XCTAssertEqual(settings.learningRate(atBatch: 99), 1e-7 * pow(1e8, 0.99), accuracy: 1e-9)
        // What the learner's groups actually got, per batch.
        let learner = try TestLearners.learner()
        let test = try LRRangeTest(settings: RangeTestSettings(startLR: 1e-4, endLR: 1, iterations: 20, divergenceFactor: nil))
        let points = try test.run(on: learner)
        for (i, point) in points.enumerated() {
            XCTAssertEqual(point.learningRate, Float(1e-4 * pow(1e4, Double(i) / 20)), accuracy: 1e-9 + 1e-6 * point.learningRate)
        }
    }

    func testLinearLadderAndEveryKBatches() throws {
        let linear = RangeTestSettings(startLR: 0.1, endLR: 1.1, iterations: 10, ladder: .linear)
        XCTAssertEqual(linear.learningRate(atBatch: 5), 0.6, accuracy: 1e-12)
        let learner = try TestLearners.learner()
        let settings = RangeTestSettings(startLR: 1e-3, endLR: 1e-1, iterations: 6, batchesPerStep: 3, divergenceFactor: nil)
        let points = try LRRangeTest(settings: settings).run(on: learner)
        XCTAssertEqual(points.count, 18, "6 rungs of 3 batches each, every batch recorded")
        let rates = points.map(\.learningRate)
        for rung in 0..<6 {
            let expected = Float(1e-3 * pow(100.0, Double(rung) / 6))
            for batch in 0..<3 { XCTAssertEqual(rates[rung * 3 + batch], expected, accuracy: expected * 1e-6) }
        }
    }

    func testGroupMultipliersScaleEachGroup() throws {
        let learner = try TestLearners.learner()
        let settings = RangeTestSettings(startLR: 1e-3, endLR: 1e-2, iterations: 6, divergenceFactor: nil,
                                         groupMultipliers: [0.1, 1])
        let points = try LRRangeTest(settings: settings).run(on: learner)
        for point in points {
            XCTAssertEqual(point.learningRates[0], point.learningRates[1] * 0.1, accuracy: point.learningRates[1] * 1e-6)
        }
        let wrong = try LRRangeTest(settings: RangeTestSettings(groupMultipliers: [1, 2, 3]))
        XCTAssertThrowsError(try wrong.run(on: try TestLearners.learner())) {
            XCTAssertTrue("\($0)".contains("`RangeTestSettings.groupMultipliers`"), "\($0)")
        }
    }

    func testStopsWhenSmoothedLossExceedsFactorOfBest() throws {
        let learner = try TestLearners.learner()
        let test = try LRRangeTest(settings: RangeTestSettings(startLR: 1e-3, endLR: 1e4, iterations: 100))
        let points = try test.run(on: learner)
        XCTAssertLessThan(points.count, 100)
        guard let last = points.last else { return XCTFail("no points") }
        switch test.outcome {
        case .exceededDivergenceFactor(let iteration)?:
            XCTAssertEqual(iteration, last.iteration)
            XCTAssertGreaterThan(last.smoothLoss, 4 * points.dropLast().map(\.smoothLoss).min()!)
        case .nonFiniteLoss?: XCTAssertFalse(last.loss.isFinite && last.smoothLoss.isFinite)
        default: XCTFail("outcome \(String(describing: test.outcome))")
        }
        // Every earlier point stayed within the rule.
        var best = Float.infinity
        for point in points.dropLast() {
            best = min(best, point.smoothLoss)
            XCTAssertLessThanOrEqual(point.smoothLoss, 4 * best)
        }
    }

    func testRuleOffRunsEveryRungAndNaNStopsAtOnce() throws {
        let off = try LRRangeTest(settings: RangeTestSettings(startLR: 1e-2, endLR: 1e2, iterations: 12, divergenceFactor: nil))
        let points = try off.run(on: try TestLearners.learner())
        XCTAssertTrue(points.count == 12 || !(points.last!.loss.isFinite), "only NaN may stop the test early")

        let model = TestLearners.model(extra: [PoisonLayer(from: 3)])
        let nan = try LRRangeTest(settings: RangeTestSettings(iterations: 50))
        let nanPoints = try nan.run(on: try TestLearners.learner(model: model))
        XCTAssertEqual(nanPoints.count, 4)
        XCTAssertEqual(nan.outcome, .nonFiniteLoss(iteration: 3))
        XCTAssertTrue(nanPoints[3].loss.isNaN)
    }

    func testValidationModeRecordsValidLossAfterEachStep() throws {
        let learner = try TestLearners.learner()
        let test = try LRRangeTest(settings: RangeTestSettings(startLR: 1e-3, endLR: 1, iterations: 8,
                                                                divergenceFactor: nil, validationBatches: 2))
        let points = try test.run(on: learner)
        let losses = points.compactMap(\.validLoss)
        XCTAssertEqual(losses.count, points.count)
        XCTAssertEqual(Set(losses).count, losses.count, "each step changes the weights, so the loss")
        // The model is back as it was, so its loss on the same 2 batches is the start's.
        let probe = DataLoader(dataset: learner.validLoader!.dataset.subset(0..<16), batchSize: 8, shuffle: false)
        XCTAssertNotEqual(learner.evaluate(probe).loss, losses.last!)
    }

    func testSkipsValidationPhase() throws {
        let learner = try TestLearners.learner(batchSize: 32)
        let spy = EventSpy()
        learner.add(spy)
        try LRRangeTest(settings: RangeTestSettings(iterations: 10, divergenceFactor: nil)).run(on: learner)
        XCTAssertFalse(spy.events.contains(.beforeValidate))
        XCTAssertTrue(spy.events.contains(.afterFit))
    }

    func testRejectsSettingsOutOfRange() {
        let cases: [(RangeTestSettings, String)] = [
            (RangeTestSettings(iterations: 5), "`RangeTestSettings.iterations`"),
            (RangeTestSettings(startLR: 0), "`RangeTestSettings.startLR`"),
            (RangeTestSettings(startLR: 1, endLR: 0.5), "`RangeTestSettings.endLR`"),
            (RangeTestSettings(endLR: .infinity), "`RangeTestSettings.endLR`"),
            (RangeTestSettings(batchesPerStep: 0), "`RangeTestSettings.batchesPerStep`"),
            (RangeTestSettings(divergenceFactor: 0.5), "`RangeTestSettings.divergenceFactor`"),
            (RangeTestSettings(validationBatches: 0), "`RangeTestSettings.validationBatches`"),
            (RangeTestSettings(groupMultipliers: [0.1, 0]), "`RangeTestSettings.groupMultipliers`"),
        ]
        for (settings, flag) in cases {
            XCTAssertThrowsError(try LRRangeTest(settings: settings)) { XCTAssertTrue("\($0)".contains(flag), "\($0)") }
        }
    }
}

/// Stops a fit after `count` training batches.
final class StopAfterBatches: Callback {
    let count: Int
    init(count: Int) { self.count = count }
    func afterBatch(_ learner: Learner) throws {
        if learner.isTraining, learner.iteration + 1 >= count { throw Cancellation.fit(.stopped, reason: "stopped") }
    }
}

/// Remembers every event published.
final class EventSpy: Callback {
    var events: [Event] = []
    func handle(_ event: Event, learner: Learner) throws { events.append(event) }
}
