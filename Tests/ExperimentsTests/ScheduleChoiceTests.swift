import LRLabTestSupport
import XCTest
@testable import Experiments
@testable import LRFinder
@testable import Training

/// The `--schedule` names of `train fit` build the schedules they promise.
final class ScheduleChoiceTests: XCTestCase {
    func testTriangularCyclesBetweenAQuarterAndTheRateOncePerEpoch() throws {
        let scheduler = try ScheduleChoice.triangular.scheduler(learningRates: [0.01, 0.04], iterationsPerEpoch: 20)
        XCTAssertEqual(scheduler.learningRates.count, 2)
        let schedule = try XCTUnwrap(scheduler.headSchedule)
        let body = scheduler.learningRates[0]
        XCTAssertEqual(body.value(iteration: 10, totalIterations: 40), 0.01, accuracy: 1e-12)
        // Step size 10: base at 0 and 20, peak at 10, halfway at 5.
        XCTAssertEqual(schedule.value(iteration: 0, totalIterations: 40), 0.01, accuracy: 1e-12)
        XCTAssertEqual(schedule.value(iteration: 5, totalIterations: 40), 0.025, accuracy: 1e-12)
        XCTAssertEqual(schedule.value(iteration: 10, totalIterations: 40), 0.04, accuracy: 1e-12)
        XCTAssertEqual(schedule.value(iteration: 20, totalIterations: 40), 0.01, accuracy: 1e-12)
    }

    func testEveryNameParses() {
        XCTAssertEqual(ScheduleChoice.allCases.map(\.rawValue), ["one-cycle", "constant", "cosine", "triangular"])
    }
}
