import Foundation
import LRLabTestSupport
import XCTest
@testable import Training

/// Schedule values against their formulas, and the scheduler callback applying them per group.
final class ScheduleTests: XCTestCase {
    func testOneCycleLearningRateAtStartPeakAndEnd() throws {
        let s = try Schedule.oneCycle(maxLR: 0.01)
        XCTAssertEqual(s.value(atFraction: 0), 0.01 / 25, accuracy: 1e-15)
        XCTAssertEqual(s.value(atFraction: 0.25), 0.01, accuracy: 1e-15)
        XCTAssertEqual(s.value(atFraction: 1), 0.01 / 1e5, accuracy: 1e-15)
        // Half way through each phase the cosine is half way between its ends.
        XCTAssertEqual(s.value(atFraction: 0.125), (0.01 / 25 + 0.01) / 2, accuracy: 1e-12)
        XCTAssertEqual(s.value(atFraction: 0.625), (0.01 + 0.01 / 1e5) / 2, accuracy: 1e-12)
        // Elsewhere: the cosine formula of fastai's SchedCos on the local position.
        let local = (0.8 - 0.25) / 0.75
        let expected = 0.01 + (1 + cos(Double.pi * (1 - local))) * (0.01 / 1e5 - 0.01) / 2
        XCTAssertEqual(s.value(atFraction: 0.8), expected, accuracy: 1e-15)
    }

    func testOneCycleMomentumGoesDownThenBackUp() throws {
        let m = try Schedule.oneCycleMomentum()
        XCTAssertEqual(m.value(atFraction: 0), 0.95, accuracy: 1e-12)
        XCTAssertEqual(m.value(atFraction: 0.25), 0.85, accuracy: 1e-12)
        XCTAssertEqual(m.value(atFraction: 0.625), 0.90, accuracy: 1e-12)
        XCTAssertEqual(m.value(atFraction: 1), 0.95, accuracy: 1e-12)
    }

    func testCosineAnnealingMatchesTheTextbookFormula() {
        let s = Schedule.cosineAnnealing(maxLR: 0.1, minLR: 0.001)
        for p in [0, 0.25, 0.5, 0.9, 1.0] {
            XCTAssertEqual(s.value(atFraction: p), 0.001 + (0.1 - 0.001) * (1 + cos(Double.pi * p)) / 2, accuracy: 1e-14)
        }
        XCTAssertEqual(s.value(atFraction: 0), 0.1, accuracy: 1e-15)
        XCTAssertEqual(s.value(atFraction: 1), 0.001, accuracy: 1e-15)
    }

    func testTriangularFollowsSmithsFormula() throws {
        let s = try Schedule.triangular(baseLR: 0.001, maxLR: 0.006, stepSize: 4)
        func smith(_ it: Double) -> Double {
            let cycle = floor(1 + it / 8)
            let x = abs(it / 4 - 2 * cycle + 1)
            return 0.001 + (0.006 - 0.001) * max(0, 1 - x)
        }
        let expected: [Int: Double] = [0: 0.001, 2: 0.0035, 4: 0.006, 6: 0.0035, 8: 0.001, 12: 0.006]
        for (it, value) in expected {
            XCTAssertEqual(s.value(iteration: it, totalIterations: 1000), value, accuracy: 1e-12, "iteration \(it)")
        }
        for it in 0..<30 { XCTAssertEqual(s.value(iteration: it, totalIterations: 30), smith(Double(it)), accuracy: 1e-12) }
    }

    func testExponentialSweepEndpointsAndGeometricMidpoint() throws {
        let s = try Schedule.exponentialSweep(from: 1e-7, to: 10, iterations: 100)
        XCTAssertEqual(s.value(iteration: 0, totalIterations: 7), 1e-7, accuracy: 1e-20)
        XCTAssertEqual(s.value(iteration: 100, totalIterations: 7), 10, accuracy: 1e-9)
        XCTAssertEqual(s.value(iteration: 50, totalIterations: 7), (1e-7 * 10).squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(s.value(iteration: 99, totalIterations: 7), 1e-7 * pow(1e8, 0.99), accuracy: 1e-9)
        XCTAssertEqual(s.settings["iterations"], 100)
        XCTAssertThrowsError(try Schedule.exponentialSweep(from: 0, to: 10, iterations: 100))
        XCTAssertThrowsError(try Schedule.exponentialSweep(from: 1e-7, to: 10, iterations: 0))
    }

    func testLinearSweepAndCombinedValidation() throws {
        let s = try Schedule.linearSweep(from: 0.1, to: 0.5, iterations: 10)
        XCTAssertEqual(s.value(iteration: 5, totalIterations: 99), 0.3, accuracy: 1e-15)
        XCTAssertThrowsError(try Schedule.combined([(0.5, .constant(1)), (0.4, .constant(2))])) {
            XCTAssertTrue("\($0)".contains("add up to 1"))
        }
        let steps = try Schedule.combined([(0.5, .constant(1)), (0, .constant(9)), (0.5, .linear(from: 2, to: 4))])
        XCTAssertEqual(steps.value(atFraction: 0.25), 1)
        XCTAssertEqual(steps.value(atFraction: 0.75), 3)
        XCTAssertEqual(steps.value(atFraction: 1), 4)
    }

    func testGeometricSpreadIsFastaiEvenMults() throws {
        let rates = try LearningRateSpread.geometric(low: 1e-4, high: 1e-2, groups: 3)
        XCTAssertEqual(rates.count, 3)
        for (r, e) in zip(rates, [1e-4, 1e-3, 1e-2]) { XCTAssertEqual(r, e, accuracy: e * 1e-12) }
        XCTAssertEqual(try LearningRateSpread.geometric(low: 1e-4, high: 1e-2, groups: 1), [1e-2])
        XCTAssertEqual(try LearningRateSpread.headAndBody(high: 1e-2, groups: 3), [1e-3, 1e-3, 1e-2])
        XCTAssertEqual(LearningRateSpread.multipliers([1e-3, 1e-2]).map { ($0 * 1e6).rounded() / 1e6 }, [0.1, 1])
        XCTAssertThrowsError(try LearningRateSpread.geometric(low: 1e-4, high: 1e-2, groups: 0))
    }

    func testSchedulerSetsEachGroupBeforeEveryTrainingBatch() throws {
        var seen: [[Float]] = []
        var momentums: [[Float]] = []
        let recorder = EventLog(order: 50) { event, learner in
            if event == .afterBatch, learner.isTraining { seen.append(learner.learningRates); momentums.append(learner.momentums) }
        }
        let scheduler = try ParameterScheduler.oneCycle(maxLearningRates: [0.001, 0.01])
        let learner = TinyProblem.learner(trainBatches: 4, validBatches: 1, callbacks: [recorder, scheduler])
        try learner.fit(epochs: 2)
        XCTAssertEqual(seen.count, 8)
        let head = try Schedule.oneCycle(maxLR: 0.01), body = try Schedule.oneCycle(maxLR: 0.001)
        for (i, lrs) in seen.enumerated() {
            XCTAssertEqual(lrs, [Float(body.value(atFraction: Double(i) / 8)), Float(head.value(atFraction: Double(i) / 8))])
        }
        XCTAssertEqual(seen[2][1], 0.01, "iteration 2 of 8 is pct_start: the peak")
        XCTAssertEqual(momentums[0], [0.95, 0.95])
        XCTAssertEqual(momentums[2], [0.85, 0.85])
    }

    func testSchedulerWithMultipliersTrainsTheBodyAtATenth() throws {
        var seen: [[Float]] = []
        let recorder = EventLog(order: 50) { event, learner in
            if event == .afterBatch, learner.isTraining { seen.append(learner.learningRates) }
        }
        let multipliers = LearningRateSpread.multipliers(try LearningRateSpread.headAndBody(high: 1, groups: 2))
        let scheduler = try ParameterScheduler.exponentialSweep(from: 1e-3, to: 1, iterations: 3, multipliers: multipliers)
        try TinyProblem.learner(trainBatches: 3, validBatches: 0, callbacks: [recorder, scheduler]).fit(epochs: 1)
        XCTAssertEqual(seen.map { $0[1] }, [1e-3, 1e-2, 1e-1].map { Float($0) })
        for lrs in seen { XCTAssertEqual(lrs[0], lrs[1] / 10, accuracy: lrs[1] * 1e-6) }
    }

    func testSchedulerRejectsAScheduleCountThatDoesNotMatchTheGroups() {
        let scheduler = ParameterScheduler.constant(learningRates: [0.1, 0.2, 0.3])
        let learner = TinyProblem.learner(callbacks: [scheduler])
        XCTAssertThrowsError(try learner.fit(epochs: 1)) {
            XCTAssertEqual($0 as? LearnerError, .learningRateCount(given: 3, groups: 2))
        }
    }
}
