import LRLabTestSupport
import Training
import XCTest
@testable import LRFinder

/// The stopping rule on scripted losses: where the test stops for a given factor, and that a
/// smoothed loss of exactly factor x best does not stop it.
final class DivergenceRuleTests: XCTestCase {
    /// Smoothed losses falling to a best of 0.5 (index 3), then rising through 2x, 3x, 3.8x,
    /// 4.5x, 5.2x and 6x of it.
    private let rising: [Double] = [1.0, 0.8, 0.6, 0.5, 1.0, 1.5, 1.9, 2.25, 2.6, 3.0, 3.5, 4.0]

    private func run(_ script: [Float], settings: RangeTestSettings) throws -> LRRangeTest {
        let test = try LRRangeTest(settings: settings)
        try test.run(on: try TestLearners.scripted(script))
        return test
    }

    func testDefaultFactorIsFastaisFour() throws {
        XCTAssertEqual(RangeTestSettings().divergenceFactor, 4)
        XCTAssertEqual(try LRRangeTest().settings.divergenceFactor, 4)
    }

    func testScriptedLossesSmoothToTheCurveTheTestsUse() {
        let smoothed = ScriptedLoss.smoothed(ScriptedLoss.losses(smoothingTo: rising))
        for (value, target) in zip(smoothed, rising) {
            XCTAssertEqual(Double(value), target, accuracy: target * 1e-6)
        }
    }

    func testDefaultSettingsStopAtTheFirstSmoothedLossAboveFourTimesTheBest() throws {
        let test = try run(ScriptedLoss.losses(smoothingTo: rising), settings: RangeTestSettings(iterations: rising.count))
        XCTAssertEqual(test.outcome, .exceededDivergenceFactor(iteration: 7), "4.5x the best stops, 3.8x did not")
        XCTAssertEqual(test.points.count, 8)
        XCTAssertEqual(test.bestSmoothLoss, 0.5, accuracy: 1e-6)
        // The learner's smoother saw the scripted losses: the recorded smoothed losses are the curve.
        for (point, target) in zip(test.points, rising) {
            XCTAssertEqual(Double(point.smoothLoss), target, accuracy: target * 1e-6, "iteration \(point.iteration)")
        }
    }

    func testEachFactorStopsWhereTheCurveFirstExceedsIt() throws {
        let script = ScriptedLoss.losses(smoothingTo: rising)
        // 1.5 = 3x, 1.9 = 3.8x, 2.25 = 4.5x, 2.6 = 5.2x the best of 0.5; no factor sits on a point
        // (the boundary has its own test below).
        for (factor, stop) in [(3.5, 6), (4.0, 7), (5.0, 8), (10.0, nil)] as [(Double, Int?)] {
            let test = try run(script, settings: RangeTestSettings(iterations: rising.count, divergenceFactor: factor))
            if let stop {
                XCTAssertEqual(test.outcome, .exceededDivergenceFactor(iteration: stop), "factor \(factor)")
                XCTAssertEqual(test.points.count, stop + 1, "factor \(factor)")
            } else {
                XCTAssertEqual(test.outcome, .reachedIterations, "factor \(factor): the curve never reaches 10x")
                XCTAssertEqual(test.points.count, rising.count)
            }
        }
    }

    func testSmoothedLossOfExactlyFactorTimesBestGoesOn() throws {
        // Best 0.5 at the first batch, then exactly 4 x 0.5 = 2 at the second, then falling back.
        let script = ScriptedLoss.losses(smoothingTo: [0.5, 2.0]) + [Float](repeating: 0.5, count: 6)
        // Worked through the smoother by hand: s_2 = (0.98 * 0.02 * 0.5 + 0.02 * l_2) / (1 - 0.98^2),
        // which is 2 for l_2 = 3.47; the Float loss 3.47 misses 2 by far less than half a Float ulp.
        XCTAssertEqual(script[0], 0.5)
        XCTAssertEqual(script[1], 3.47, accuracy: 1e-6)
        let byHand = (0.98 * 0.02 * 0.5 + 0.02 * Double(script[1])) / (1 - 0.98 * 0.98)
        XCTAssertEqual(byHand, 2, accuracy: 1e-6)
        XCTAssertEqual(Float(byHand), 2, "rounding to Float lands exactly on 4x the best")
        // And the smoother itself, as the learner runs it, gives exactly 0.5 then exactly 2.
        let smoothed = ScriptedLoss.smoothed(script)
        XCTAssertEqual(smoothed[0], 0.5)
        XCTAssertEqual(smoothed[1], 2)
        XCTAssertTrue(smoothed.dropFirst(2).allSatisfy { $0 < 2 && $0 > 0.5 }, "\(smoothed)")

        let test = try run(script, settings: RangeTestSettings(iterations: 8))
        XCTAssertEqual(test.points.map(\.smoothLoss).prefix(2), [0.5, 2])
        XCTAssertEqual(test.outcome, .reachedIterations, "exactly 4x the best is not above it")
        XCTAssertEqual(test.points.count, 8)
    }
}
