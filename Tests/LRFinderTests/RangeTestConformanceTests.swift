import LRLabTestSupport
import Training
import XCTest
@testable import LRFinder

/// The range test through the callback conformance checker: whatever happens to the fit, it
/// settles its outcome, lets go of its snapshot and puts the model back bit for bit.
final class RangeTestConformanceTests: XCTestCase {
    func testRangeTestConformsAndAlwaysRestoresTheModel() {
        let start = TestLearners.bits(TestLearners.model())
        var conformance = CallbackConformance { _ in
            try LRRangeTest(settings: RangeTestSettings(startLR: 1e-3, endLR: 1, iterations: 6, divergenceFactor: nil))
        }
        conformance.checkRun = { run in
            let test = try XCTUnwrap(run.callback as? LRRangeTest)
            guard !test.holdsSnapshot, TestLearners.bits(run.learner.model) == start else {
                throw ConformanceProblem("the model was not restored")
            }
            guard run.learner.validLoader != nil else { throw ConformanceProblem("the validation data was not given back") }
            switch (run.scenario, test.outcome) {
            case (.failure, .failed?):
                break
            case (.cancellation(let c), .cancelled(let seen)?) where c.level == .fit:
                guard seen == c else { throw ConformanceProblem("outcome names \(seen), the fit was ended by \(c)") }
            case (.cancellation(let c), .reachedIterations?) where c.level != .fit:
                // One point per training batch whose end reached the test, up to the last rung.
                let ends = run.seen.filter { $0.event == .afterBatch && $0.isTraining }.map(\.iteration)
                guard test.points.map(\.iteration) == ends, ends.last == 5 else {
                    throw ConformanceProblem("points at \(test.points.map(\.iteration)), batch ends seen at \(ends)")
                }
            case (.success, .reachedIterations?):
                guard run.learner.fitCancellation?.outcome == .stopped else {
                    throw ConformanceProblem("its own end has outcome \(String(describing: run.learner.fitCancellation))")
                }
            case (_, let outcome):
                throw ConformanceProblem("outcome \(String(describing: outcome))")
            }
        }
        // The test takes the validation loader away while it runs, so nothing can cancel a validation.
        let scenarios = CallbackScenario.standard.filter {
            if case .cancellation(let c) = $0 { return c.level != .validate }
            return true
        }
        XCTAssertEqual(conformance.problems(in: scenarios), [])
    }
}
