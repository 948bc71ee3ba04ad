import LRLabTestSupport
import Training
import XCTest

/// A callback written the way a user outside the module writes one: only `import Training`.
final class PublicCallbackTests: XCTestCase {
    /// Counts training batches and keeps the learning rate and smoothed loss seen at each epoch end.
    final class EpochSummary: Callback {
        var order: Int { 60 }
        var trainingBatches = 0
        var summaries: [(epoch: Int, lr: Float, smoothLoss: Float)] = []
        var sawFitEnd = false

        func afterBatch(_ learner: Learner) throws {
            if learner.isTraining { trainingBatches += 1 }
        }

        func afterEpoch(_ learner: Learner) throws {
            summaries.append((learner.epoch, learner.learningRates.last ?? .nan, learner.smoothLoss))
        }

        func afterFit(_ learner: Learner) throws {
            sawFitEnd = true
        }
    }

    func testUserCallbackReceivesEvents() throws {
        let summary = EpochSummary()
        let learner = TinyProblem.learner(trainBatches: 3, validBatches: 1,
                                          callbacks: [summary, ParameterScheduler.cosineAnnealing(maxLR: 0.05)])
        try learner.fit(epochs: 2)
        XCTAssertEqual(summary.trainingBatches, 6)
        XCTAssertEqual(summary.summaries.map(\.epoch), [0, 1])
        XCTAssertTrue(summary.sawFitEnd)
        // The cosine schedule has lowered the rate by the second epoch's end.
        XCTAssertLessThan(summary.summaries[1].lr, summary.summaries[0].lr)
        XCTAssertTrue(summary.summaries.allSatisfy { $0.smoothLoss.isFinite })
    }
}
